import { CollectingLogger } from '../../src/cli/cli-logger.js';
import { MemoryLogger } from '../../src/logging/logger.js';

describe('CollectingLogger', () => {
  it('keeps notices, warnings and errors with their severity and location, in order', () => {
    const logger = new CollectingLogger(new MemoryLogger());
    logger.warning('cached copy used', { file: 'https://example.test/p.yml' });
    logger.notice('persona "a" overrides', { file: 'a.yml', line: 1, column: 1, path: 'personas[0]' });
    logger.error('broken');
    expect(logger.collected).toEqual([
      { severity: 'warning', message: 'cached copy used', file: 'https://example.test/p.yml' },
      { severity: 'notice', message: 'persona "a" overrides', file: 'a.yml', line: 1, column: 1, path: 'personas[0]' },
      { severity: 'error', message: 'broken' },
    ]);
  });

  it('passes debug and info on, without keeping them', () => {
    const inner = new MemoryLogger();
    const logger = new CollectingLogger(inner);
    logger.debug('fetching');
    logger.info('loaded 3 files');
    expect(logger.collected).toEqual([]);
    expect(inner.entries).toEqual([
      { level: 'debug', message: 'fetching' },
      { level: 'info', message: 'loaded 3 files' },
    ]);
  });
});
