import { syntheticFiles } from '../../bench/synthetic-library.js';
import { cleanup, persona, workspace } from './helpers.js';

afterAll(cleanup);

describe('persona validate of a large repository library', () => {
  it('counts 120 files of one source, every persona once, and reports a bad one among them by file and line', async () => {
    const files = Object.fromEntries(syntheticFiles(120));
    const ok = await persona(['validate'], await workspace(files));
    expect(ok).toEqual({ code: 0, stdout: 'ok: 127 personas (7 built-in, 120 from .github/personas)\n', stderr: '' });

    const [badFile, badText] = syntheticFiles(120)[57]!;
    const broken = await persona(['validate'], await workspace({ ...files, [badFile]: badText.replace('risk_tolerance: ', 'risk_tolerance: extreme-') }));
    expect(broken.code).toBe(1);
    expect(broken.stderr.split('\n')[0]).toMatch(/^\.github\/personas\/persona-57\.yml:2:17 risk_tolerance: unknown risk tolerance "extreme-\w+"/);
  });
});
