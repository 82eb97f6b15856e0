import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { createSources } from '../../src/library/create-sources.js';
import { GitHubSource } from '../../src/library/github-source.js';
import { loadLibrary } from '../../src/library/load-library.js';
import { LocalSource } from '../../src/library/local-source.js';
import { UrlSource } from '../../src/library/url-source.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { Readable } from 'node:stream';
import type { HttpTransport } from '../../src/library/http-transport.js';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'create-sources-'));

describe('createSources', () => {
  it('puts the built-in personas first, then one source per entry, by kind', async () => {
    const sources = await createSources(
      ['.github/personas', 'https://example.test/p.yml#sha256=' + 'a'.repeat(64), 'github:org/repo/personas@v1', 'team/*.yml'],
      { workspace, logger: new MemoryLogger(), optionalPath: '.github/personas' },
    );
    expect(sources.map((s) => s.constructor)).toEqual([BuiltinSource, LocalSource, UrlSource, GitHubSource, LocalSource]);
    expect(sources.map((s) => s.label)).toEqual([
      'built-in',
      '.github/personas',
      'https://example.test/p.yml#sha256=' + 'a'.repeat(64),
      'github:org/repo/personas@v1',
      'team/*.yml',
    ]);
  });

  it('reports an unsupported scheme together with every other problem of the library', async () => {
    const sources = await createSources(['ftp://example.test/p.yml', 'missing-dir'], { workspace, logger: new MemoryLogger() });
    const error = await loadLibrary(sources, new MemoryLogger()).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message)).toEqual([
      'library: unsupported source "ftp://example.test/p.yml" (expected a path, an https:// URL or github:OWNER/REPO/PATH@REF)',
      `library: "missing-dir" does not exist (resolved to ${path.join(workspace, 'missing-dir')})`,
    ]);
  });

  it('skips the optional default path when absent and loads the built-in library', async () => {
    const library = await loadLibrary(
      await createSources(['.github/personas'], { workspace, logger: new MemoryLogger(), optionalPath: '.github/personas' }),
      new MemoryLogger(),
    );
    expect(library.ids()).toEqual(['balanced', 'cost-optimization', 'freeze', 'high-velocity', 'performance', 'security-first', 'stability']);
  });

  it('sends https:// sources through the transport of the context, checking each redirect before it is requested', async () => {
    const requested: string[] = [];
    const transport: HttpTransport = async (url) => {
      requested.push(url.href);
      if (url.pathname === '/moved.yml') return { status: 301, headers: { location: '/team.yml' }, body: Readable.from([]) };
      return { status: 200, headers: {}, body: Readable.from([Buffer.from('name: Moved Team\n')]) };
    };
    const logger = new MemoryLogger();
    const library = await loadLibrary(await createSources(['https://example.test/moved.yml'], { workspace, logger, transport }), logger);
    expect(library.ids()).toContain('moved-team');
    expect(requested).toEqual(['https://example.test/moved.yml', 'https://example.test/team.yml']);
  });
});
