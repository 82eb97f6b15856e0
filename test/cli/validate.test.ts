import { BAD_FILE, cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

describe('persona validate', () => {
  it('with no .github/personas validates only the built-in personas', async () => {
    const r = await persona(['validate'], await workspace());
    expect(r).toEqual({ code: 0, stdout: 'ok: 7 personas (7 built-in)\n', stderr: '' });
  });

  it('reads .github/personas by default', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['validate'], dir);
    expect(r).toEqual({ code: 0, stdout: 'ok: 9 personas (7 built-in, 2 from .github/personas)\n', stderr: '' });
  });

  it('validates the paths given instead, counting each', async () => {
    const dir = await workspace({
      'a/team.yml': TEAM_FILE,
      'b/one.json': JSON.stringify({ name: 'Solo', optimization_goals: [{ metric: 'cost', weight: 1 }] }),
      '.github/personas/ignored.yml': BAD_FILE,
    });
    const r = await persona(['validate', 'a', 'b/one.json'], dir);
    expect(r).toEqual({ code: 0, stdout: 'ok: 10 personas (7 built-in, 2 from a, 1 from b/one.json)\n', stderr: '' });
  });

  it('takes globs', async () => {
    const dir = await workspace({ 'p/team.yml': TEAM_FILE, 'p/notes.txt': 'not a persona' });
    const r = await persona(['validate', 'p/*.yml'], dir);
    expect(r.stdout).toBe('ok: 9 personas (7 built-in, 2 from p/*.yml)\n');
  });

  it('prints every schema error as file:line:col path: message, exit 1', async () => {
    const dir = await workspace({ '.github/personas/bad.yml': BAD_FILE });
    const r = await persona(['validate'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      '.github/personas/bad.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
      '.github/personas/bad.yml:4:38 constraints[0].operator: unknown operator "<<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
      '.github/personas/bad.yml:7:13 optimization_goals[0].weight: weight must be between 0 and 1, got 2',
      'failed: 3 problems in 1 file',
      '',
    ]);
  });

  it('reports YAML syntax errors with their position', async () => {
    const dir = await workspace({ 'broken.yml': 'name: Broken\nconstraints: [unclosed\n' });
    const r = await persona(['validate', 'broken.yml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.yml:\d+:\d+: \S/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks the library as a whole: duplicate ids, extends, switch targets, together with file errors', async () => {
    const dir = await workspace({
      'lib/bad.yml': BAD_FILE,
      'lib/refs.yml': `personas:
  - name: Child
    extends: balancd
  - name: Watcher
    monitoring_thresholds:
      - { metric: error_rate, operator: ">", value: 0.1, action: "switch:stabilty" }
  - name: Child
`,
    });
    const r = await persona(['validate', 'lib'], dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines).toEqual(
      expect.arrayContaining([
        'lib/refs.yml:7:11 personas[2].name: duplicate persona id "child": also defined at lib/refs.yml:2',
        'lib/refs.yml:3:14 personas[0].extends: extends unknown persona "balancd" (did you mean "balanced"?)',
        'lib/refs.yml:6:66 personas[1].monitoring_thresholds[0].action: action switches to unknown persona "stabilty"',
      ]),
    );
    expect(lines.filter((l) => l.startsWith('lib/bad.yml:'))).toHaveLength(3);
    expect(lines.at(-1)).toBe('failed: 6 problems in 2 files');
  });

  it('reports an extends cycle', async () => {
    const dir = await workspace({
      'cycle.yml': 'personas:\n  - { name: A, extends: b }\n  - { name: B, extends: a }\n',
    });
    const r = await persona(['validate', 'cycle.yml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cycle\.yml:\d+:\d+ personas\[\d\]\.extends: extends cycle: /m);
  });

  it('reports a persona whose own constraints cannot all hold, at its first constraint on the parameter', async () => {
    const dir = await workspace({
      'odd.yml': `name: Odd
constraints:
  - { parameter: replicas, operator: ">=", value: 5 }
  - { parameter: replicas, operator: "<", value: 2 }
`,
    });
    const r = await persona(['validate', 'odd.yml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'odd.yml:3:5 constraints[0]: persona "odd" has constraints on "replicas" that cannot all hold: replicas >= 5 and replicas < 2 (no value is both >= 5 and < 2)',
    );
  });

  it('fails on a path that does not exist', async () => {
    const r = await persona(['validate', 'nowhere'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('library: "nowhere" does not exist');
  });

  it('notes on stderr a persona that overrides a built-in', async () => {
    const dir = await workspace({ '.github/personas/balanced.yml': 'name: Balanced\nrisk_tolerance: low\n' });
    const r = await persona(['validate'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 7 personas (6 built-in, 1 from .github/personas)\n');
    expect(r.stderr).toMatch(/^notice: persona "balanced" from \.github\/personas\/balanced\.yml:1 \(\.github\/personas\) overrides/);
  });

  it('rejects options it does not take, exit 2', async () => {
    const r = await persona(['validate', '--library', 'x'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unknown option '--library'");
    expect(r.stderr).toContain('Usage: persona validate');
  });
});
