import { readFileSync } from 'node:fs';
import type { PersonaDiff } from '../../src/report/persona-diff.js';
import { CLASH_FILE, cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

describe('persona diff', () => {
  it('shows what changes between two personas', async () => {
    const r = await persona(['diff', 'cost-optimization', 'performance'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('cost-optimization → performance');
    expect(r.stdout).not.toContain('risk tolerance:');
    expect(lines).toEqual(
      expect.arrayContaining([
        'goals:',
        '  + performance 1  (from performance)',
        '  ~ cost 0.9 → 0.2',
        '  - build_time 0.4  (from cost-optimization)',
        'constraints:',
        '  + replicas >= 4  (from performance)',
        '  - replicas <= 3  (from cost-optimization)',
        'thresholds:',
        '  + latency_p95_ms > 250 (5m, critical, rollback)  (from performance)',
        '  - cost_per_hour_usd > 5 (1h, warning, alert)  (from cost-optimization)',
      ]),
    );
  });

  it('compares blends and shows risk tolerance and threshold changes', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['diff', 'team-base', 'team-fast+high-velocity'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nrisk tolerance: low → high\n');
    expect(r.stdout).toContain('\n  ~ reliability 0.8 → 0.4\n');
    expect(r.stdout).toContain('\n  + velocity 0.95  (from high-velocity, team-fast)\n');
  });

  it('shows a changed threshold and an added tier', async () => {
    const strict = [
      'name: Team Strict',
      'extends: team-base',
      'monitoring_thresholds:',
      '  - { metric: error_rate, operator: ">", value: 0.01, window: 5m, action: rollback }',
      '  - { metric: error_rate, operator: ">=", value: 0.05, action: fail }',
      '',
    ].join('\n');
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE, '.github/personas/strict.yml': strict });
    const r = await persona(['diff', 'team-base', 'team-strict'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'team-base → team-strict',
        '',
        'thresholds:',
        '  + error_rate >= 0.05 (critical, fail)  (from team-strict)',
        '  ~ error_rate > 0.02 (5m, critical, rollback) → error_rate > 0.01 (5m, critical, rollback)',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changes', async () => {
    const r = await persona(['diff', 'balanced', 'balanced'], await workspace());
    expect(r).toEqual({ code: 0, stdout: 'balanced → balanced\nno differences\n', stderr: '' });
  });

  it('--json gives the structured diff', async () => {
    const r = await persona(['diff', 'cost-optimization', 'performance', '--json'], await workspace());
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as PersonaDiff;
    expect(Object.keys(diff)).toEqual(['before', 'after', 'risk_tolerance', 'goals', 'constraints', 'thresholds', 'identical']);
    expect(diff.before).toEqual({ id: 'cost-optimization', name: 'Cost Optimization' });
    expect(diff.after).toEqual({ id: 'performance', name: 'Performance' });
    expect(diff.risk_tolerance).toBeNull();
    expect(diff.goals.changed).toEqual([{ metric: 'cost', before: 0.9, after: 0.2 }]);
    expect(diff.goals.added.map((g) => g.metric)).toEqual(['performance', 'latency', 'throughput']);
    expect(diff.goals.removed.map((g) => g.metric)).toEqual(['build_time', 'reliability']);
    expect(diff.constraints.added).toContainEqual({ constraint: 'replicas >= 4', from: ['performance'] });
    expect(diff.constraints.removed).toContainEqual({ constraint: 'replicas <= 3', from: ['cost-optimization'] });
    expect(diff.identical).toBe(false);
  });

  it('a side that conflicts fails under strict and resolves under --on-conflict weighted', async () => {
    const dir = await workspace({ '.github/personas/clash.yml': CLASH_FILE });
    const strict = await persona(['diff', 'cheap', 'cheap:0.7,fast:0.3'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^constraints conflict on "replicas"/);
    const weighted = await persona(['diff', 'cheap', 'cheap:0.7,fast:0.3', '--on-conflict', 'weighted', '--json'], dir);
    expect(weighted.code).toBe(0);
    const diff = JSON.parse(weighted.stdout) as PersonaDiff;
    expect(diff.constraints).toEqual({ added: [], removed: [] });
    expect(diff.goals.added).toEqual([{ metric: 'latency', weight: 0.3, from: ['fast'] }]);
    expect(diff.goals.changed).toEqual([{ metric: 'cost', before: 1, after: 0.7 }]);
  });

  it('reports unknown personas on both sides at once, exit 1', async () => {
    const r = await persona(['diff', 'balancd', 'freez'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('A: unknown persona "balancd" (did you mean "balanced"?)\nB: unknown persona "freez" (did you mean "freeze"?)\n');
  });

  it('needs two arguments, exit 2', async () => {
    const dir = await workspace();
    const one = await persona(['diff', 'balanced'], dir);
    expect(one.code).toBe(2);
    expect(one.stderr.split('\n')[0]).toBe('persona: missing argument B');
    expect(one.stderr).toContain('Usage: persona diff A B');
    const three = await persona(['diff', 'a', 'b', 'c'], dir);
    expect(three.code).toBe(2);
    expect(three.stderr.split('\n')[0]).toBe("persona: unexpected argument 'c'");
  });
});

describe('persona diff --exit-code', () => {
  it('exits 1 when the two resolve differently, still printing the diff', async () => {
    const dir = await workspace();
    const plain = await persona(['diff', 'cost-optimization', 'performance'], dir);
    const r = await persona(['diff', 'cost-optimization', 'performance', '--exit-code'], dir);
    expect(r).toEqual({ ...plain, code: 1 });
    const json = await persona(['diff', '--exit-code', '--json', 'performance', 'cost-optimization'], dir);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as PersonaDiff).identical).toBe(false);
  });

  it('exits 0 when they are identical, including "a,b" against "a+b"', async () => {
    const dir = await workspace();
    expect(await persona(['diff', 'balanced', 'balanced', '--exit-code'], dir)).toEqual({
      code: 0,
      stdout: 'balanced → balanced\nno differences\n',
      stderr: '',
    });
    const blends = await persona(['diff', '--exit-code', 'stability+balanced', 'balanced,stability'], dir);
    expect(blends.code).toBe(0);
    expect(blends.stdout).toContain('no differences');
  });

  it('--before-library resolves A in another library: gates on a change to the persona files', async () => {
    const changed = TEAM_FILE.replace('value: 0.02', 'value: 0.05');
    const dir = await workspace({ 'old/team.yml': TEAM_FILE, '.github/personas/team.yml': changed, 'same/team.yml': changed });
    const r = await persona(['diff', 'team-fast', 'team-fast', '--before-library', 'old', '--exit-code'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('  ~ error_rate > 0.02 (5m, critical, rollback) → error_rate > 0.05 (5m, critical, rollback)\n');
    const same = await persona(['diff', 'team-fast', 'team-fast', '--before-library', 'same', '--exit-code'], dir);
    expect(same).toEqual({ code: 0, stdout: 'team-fast → team-fast\nno differences\n', stderr: '' });
  });

  it('--before-library reports the problems of that library, exit 1', async () => {
    const dir = await workspace({ 'old/team.yml': 'name: Old\nrisk_tolerance: extreme\n' });
    const r = await persona(['diff', 'old', 'balanced', '--before-library', 'old/team.yml', '--exit-code'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^old\/team\.yml:2:17 risk_tolerance: unknown risk tolerance "extreme"/);
  });

  it('rejects a weighted blend with an unweighted persona, exit 1', async () => {
    const r = await persona(['diff', '--exit-code', 'balanced', 'security-first:0.6,freeze'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('B: term "freeze" has no weight while "security-first" has one (weight every term, or none for an equal blend)');
  });

  it('suggests --exit-code for a misspelt option, exit 2', async () => {
    const r = await persona(['diff', 'a', 'b', '--exit-cod'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unknown option '--exit-cod' (did you mean --exit-code?)");
  });
});

describe('persona schema', () => {
  it('prints exactly schema/persona.schema.json', async () => {
    const r = await persona(['schema'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(new URL('../../schema/persona.schema.json', import.meta.url), 'utf8'));
  });

  it('takes no arguments, exit 2', async () => {
    const r = await persona(['schema', 'x'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("persona: unexpected argument 'x'");
  });
});
