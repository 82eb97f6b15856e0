import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/run-cli.js';
import { cleanup, persona, workspace } from './helpers.js';

afterAll(cleanup);

const COMMANDS = ['validate', 'list', 'show', 'plan', 'diff', 'schema'];

describe('persona (top level)', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage listing every command, exit 0', async (flag) => {
    const r = await persona([flag], await workspace());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: persona <command> \[options\]/);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(r.stdout).toContain('--version');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await persona(['--version'], await workspace());
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('without a command: usage error, exit 2', async () => {
    const r = await persona([], await workspace());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('persona: missing command');
    expect(r.stderr).toContain('Usage: persona <command>');
  });

  it('an unknown command suggests the closest one, exit 2', async () => {
    const r = await persona(['lst'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('persona: unknown command "lst" (did you mean "list"?)');
    expect(r.stderr).toContain('Usage: persona <command>');
  });

  it.each([
    ['valdate', 'validate'],
    ['shwo', 'show'],
    ['dif', 'diff'],
  ])('"persona %s" suggests "%s", exit 2', async (typo, meant) => {
    const r = await persona([typo], await workspace());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`persona: unknown command "${typo}" (did you mean "${meant}"?)`);
  });

  it('an unknown command far from every command gets no suggestion', async () => {
    const r = await persona(['frobnicate'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('persona: unknown command "frobnicate"');
  });

  it('an unknown top-level option, exit 2', async () => {
    const r = await persona(['--frobnicate'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unknown option '--frobnicate'");
  });

  it('an unknown command option prints the command usage, with a hint, exit 2', async () => {
    const r = await persona(['list', '--jsn'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unknown option '--jsn' (did you mean --json?)");
    expect(r.stderr).toContain('Usage: persona list');
  });

  it('"help COMMAND" is "COMMAND --help"', async () => {
    const dir = await workspace();
    expect(await persona(['help', 'plan'], dir)).toEqual(await persona(['plan', '--help'], dir));
  });

  it.each(COMMANDS)('%s --help and -h print its usage, exit 0', async (command) => {
    const dir = await workspace();
    for (const flag of ['--help', '-h']) {
      const r = await persona([command, flag], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: persona ${command}\\b`));
      expect(r.stdout).toContain('-h, --help');
    }
  });

  it('--help wins over missing arguments', async () => {
    const r = await persona(['diff', '--help'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: persona diff A B');
  });

  describe('unexpected errors', () => {
    const failing = async (env: Record<string, string>) => {
      let stderr = '';
      const code = await runCli(['list'], {
        stdout: {
          write: () => {
            throw new Error('disk on fire');
          },
        },
        stderr: { write: (s: string) => (stderr += s) },
        cwd: await workspace(),
        env,
      });
      return { code, stderr };
    };

    it('are reported as a bug, without a stack trace, exit 1', async () => {
      const r = await failing({});
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('persona: unexpected error: disk on fire\n');
      expect(r.stderr).toContain('this is a bug');
      expect(r.stderr).toContain('PERSONA_DEBUG=1');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    it('print the stack with PERSONA_DEBUG=1', async () => {
      const r = await failing({ PERSONA_DEBUG: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('this is a bug');
      expect(r.stderr).toMatch(/Error: disk on fire\n\s+at /);
    });
  });
});
