import { CliLogger } from '../../src/cli/cli-logger.js';
import { cleanup, persona, workspace } from './helpers.js';

afterAll(cleanup);

/** Characters a terminal acts on: C0 controls but tab and LF, DEL, C1, bidi overrides and isolates. */
const UNSAFE = /(?![\t\n])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';

/** A library file whose name, description and metric carry terminal escape sequences. */
const HOSTILE_FILE = `name: "Evil ${TITLE.replace('\u001b', '\\e').replace('\u0007', '\\a')} ${CLEAR.replace('\u001b', '\\e')} \\u202Egnp.exe"
id: evil
description: "clear ${CLEAR.replace('\u001b', '\\e')} and \\x9b2J"
optimization_goals:
  - { metric: "cost${CLEAR.replace('\u001b', '\\e')}", weight: 1 }
`;

describe('the CLI never prints a control sequence from its input', () => {
  it('escapes an OSC title change in an unknown command name (usage error on stderr)', async () => {
    const r = await persona([`x${TITLE}`], '/');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "x\\u001b]0;pwned\\u0007"');
    expect(r.stderr).not.toMatch(UNSAFE);
  });

  it.each([
    ['list', ['list', '-l', 'evil.yml']],
    ['list --json', ['list', '-l', 'evil.yml', '--json']],
    ['show', ['show', 'evil', '-l', 'evil.yml']],
    ['plan', ['plan', '--persona', 'evil', '-l', 'evil.yml']],
    ['plan --json', ['plan', '--persona', 'evil', '-l', 'evil.yml', '--json']],
  ])('%s of a library with escape sequences in a name, a description and a metric prints none of them', async (_name, argv) => {
    const dir = await workspace({ 'evil.yml': HOSTILE_FILE });
    const r = await persona(argv, dir);
    expect(r.stdout).not.toMatch(UNSAFE);
    expect(r.stderr).not.toMatch(UNSAFE);
    // Accepted (shown escaped) or refused (a located error): either way something says so.
    expect(`${r.stdout}${r.stderr}`).toMatch(/\\u001b|\\u202e|evil\.yml:\d+/);
    if (argv.includes('--json') && r.code === 0) expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('shows C1 controls (8-bit CSI and OSC), which the library accepts, as visible escapes in every command', async () => {
    const dir = await workspace({
      'c1.yml': 'name: "Eight-bit \\u009B2J"\nid: c1\ndescription: "title \\u009D0;pwned\\u009C"\noptimization_goals:\n  - { metric: cost, weight: 1 }\n',
    });
    for (const argv of [
      ['list', '-l', 'c1.yml'],
      ['show', 'c1', '-l', 'c1.yml'],
      ['plan', '--persona', 'c1', '-l', 'c1.yml'],
      ['list', '-l', 'c1.yml', '--json'],
    ]) {
      const r = await persona(argv, dir);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(UNSAFE);
      expect(r.stdout).toContain('\\u009b2J');
    }
    const json = JSON.parse((await persona(['show', 'c1', '-l', 'c1.yml', '--json'], dir)).stdout) as { name: string; description: string };
    expect(json).toMatchObject({ name: 'Eight-bit \u009b2J', description: 'title \u009d0;pwned\u009c' });
  });

  it('escapes what the logger prints, located or not', () => {
    let err = '';
    const logger = new CliLogger({ write: (s: string) => (err += s) }, true);
    logger.warning(`name ${CLEAR}`, { file: `a${TITLE}.yml`, line: 2, column: 3 });
    logger.error('\u202eevil');
    logger.info('\u009b2J');
    expect(err).toBe('warning: a\\u001b]0;pwned\\u0007.yml:2:3: name \\u001b[2J\nerror: \\u202eevil\ninfo: \\u009b2J\n');
  });
});
