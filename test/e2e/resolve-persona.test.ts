import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDist } from '../support/run-dist.js';

/** A workspace holding `.github/personas` with the given files. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-'));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

describe('resolve-persona through the runner protocol (dist/resolve-persona/index.js)', () => {
  it('resolves the default persona when nothing selects one', async () => {
    const run = await runDist('resolve-persona', {
      inputs: { persona: '', default: 'balanced', library: '.github/personas', 'on-conflict': 'strict', cache: 'true', artifact: 'true' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.id).toBe('balanced');
    expect(run.outputs.name).toBe('Balanced');
    expect(run.outputs.source).toBe('default');
    expect(run.outputs['risk-tolerance']).toBe('medium');
    expect(JSON.parse(run.outputs.goals!)).toEqual({ reliability: 0.6, cost: 0.5, performance: 0.5, security: 0.5, velocity: 0.5 });
    const persona = JSON.parse(run.outputs.persona!);
    expect(persona.blend).toEqual([{ id: 'balanced', weight: 1 }]);
    expect(persona.conflicts).toEqual([]);
    const file = path.join(run.runnerTemp, 'persona', 'persona.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(persona);
    expect(run.summary).toContain('## Persona: Balanced');
    expect(run.summary).toContain('xychart-beta');
    expect(run.summary).toContain('bar [0.6, 0.5, 0.5, 0.5, 0.5]');
  });

  it('blends the persona input and writes the canonical id, goals and provenance (weighted: security-first requires security tests, which cost-optimization does not allow)', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'cost-optimization:2, security-first:3', 'on-conflict': 'weighted' } });
    expect(run.code).toBe(0);
    expect(run.outputs.id).toBe('security-first:0.6,cost-optimization:0.4');
    expect(run.outputs.name).toBe('Security First + Cost Optimization');
    expect(run.outputs.source).toBe('input');
    expect(run.outputs['risk-tolerance']).toBe('low');
    const goals = JSON.parse(run.outputs.goals!);
    expect(goals.security).toBeCloseTo(0.6);
    expect(goals.cost).toBeCloseTo(0.36);
    expect(goals.reliability).toBeCloseTo(0.6 * 0.7 + 0.4 * 0.3);
    const persona = JSON.parse(run.outputs.persona!);
    expect(persona.risk_tolerance_from).toEqual(['security-first']);
    expect(persona.constraints).toContainEqual({ parameter: 'strategy', operator: '=', value: 'canary', from: ['security-first', 'cost-optimization'] });
    expect(persona.constraints).toContainEqual({ parameter: 'replicas', operator: '>=', value: 2, from: ['security-first'] });
    expect(persona.constraints).toContainEqual({ parameter: 'replicas', operator: '<=', value: 3, from: ['cost-optimization'] });
    expect(JSON.parse(run.outputs.constraints!).test_tiers).toEqual({ in: ['unit', 'integration', 'security', 'e2e'], includes: ['unit', 'security'] });
    expect(persona.conflicts).toEqual([expect.objectContaining({ parameter: 'test_tiers', dropped_from: 'cost-optimization', kept_from: ['security-first'] })]);
  });

  it('strict: security-first requires security tests, which cost-optimization does not allow', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'security-first:0.6,cost-optimization:0.4' } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      expect.stringMatching(
        /^constraints conflict on "test_tiers": "security-first" requires .* but "cost-optimization" requires test_tiers in \[unit, integration\]/,
      ),
    ]);
  });

  it('reads a library from the workspace, overriding a built-in persona with a notice', async () => {
    const ws = workspace({ '.github/personas/balanced.yml': 'name: Balanced\nrisk_tolerance: high\noptimization_goals: [{ metric: velocity, weight: 1 }]\n' });
    const run = await runDist('resolve-persona', { workspace: ws });
    expect(run.code).toBe(0);
    expect(run.outputs['risk-tolerance']).toBe('high');
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining('persona "balanced" from .github/personas/balanced.yml:1 (.github/personas) overrides'),
      }),
    );
  });

  it('fails a bad persona file with located annotations, exit 1, no stack trace and no outputs', async () => {
    const ws = workspace({
      '.github/personas/cost.yml':
        'name: Cheap\nconstraints:\n  - parameter: replicas\n    operator: "=<"\n    value: 2\noptimization_goals:\n  - { metric: cost, weight: 1.5 }\n',
    });
    const run = await runDist('resolve-persona', { workspace: ws, inputs: { persona: 'balanced' } });
    expect(run.code).toBe(1);
    expect(run.outputFile).toBe('');
    expect(run.summary).toBe('');
    expect(existsSync(path.join(run.runnerTemp, 'persona', 'persona.json'))).toBe(false);
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors).toEqual([
      {
        level: 'error',
        properties: { file: '.github/personas/cost.yml', line: '4', col: '15' },
        message:
          '.github/personas/cost.yml:4:15 constraints[0].operator: unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)',
      },
      {
        level: 'error',
        properties: { file: '.github/personas/cost.yml', line: '7', col: '29' },
        message: '.github/personas/cost.yml:7:29 optimization_goals[0].weight: weight must be between 0 and 1, got 1.5',
      },
    ]);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the closest known ids for an unknown persona', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'securty-first' } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual(['input "persona": unknown persona "securty-first" (did you mean "security-first"?)']);
    expect(run.outputFile).toBe('');
  });

  it('names the input in errors about bad inputs', async () => {
    const run = await runDist('resolve-persona', { inputs: { 'on-conflict': 'lenient', artifact: 'yes' } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      'input "on-conflict": expected one of strict, weighted, got "lenient"',
      'input "artifact": expected true or false, got "yes"',
    ]);
  });

  it('fails a strict conflict naming both personas, and keeps the heavier persona under weighted', async () => {
    const strict = await runDist('resolve-persona', { inputs: { persona: 'performance:0.7,cost-optimization:0.3' } });
    expect(strict.code).toBe(1);
    expect(strict.annotations[0]!.message).toMatch(/constraints conflict on "instance_type": "performance" requires .* but "cost-optimization" requires/);

    const weighted = await runDist('resolve-persona', { inputs: { persona: 'performance:0.7,cost-optimization:0.3', 'on-conflict': 'weighted' } });
    expect(weighted.code).toBe(0);
    const persona = JSON.parse(weighted.outputs.persona!);
    expect(persona.conflicts.map((c: { parameter: string; dropped_from: string }) => [c.parameter, c.dropped_from])).toEqual([
      ['instance_type', 'cost-optimization'],
      ['optimization_level', 'cost-optimization'],
      ['replicas', 'cost-optimization'],
    ]);
    expect(persona.constraints).toContainEqual({ parameter: 'replicas', operator: '>=', value: 4, from: ['performance'] });
    expect(weighted.annotations.filter((a) => a.level === 'warning')).toHaveLength(3);
    expect(weighted.summary).toContain('Dropped constraints');
  });
});

describe('resolve-persona when the runner cannot take its files', () => {
  it('says which file it could not write, exits 1 without a stack trace and leaves no outputs', async () => {
    const run = await runDist('resolve-persona', { env: { GITHUB_STEP_SUMMARY: '/nonexistent-dir/summary.md' } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      'cannot write /nonexistent-dir/summary.md (GITHUB_STEP_SUMMARY): ENOENT (no such file or directory); nothing was written',
    ]);
    expect(run.outputFile).toBe('');
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with a clear ENOSPC when GITHUB_OUTPUT is /dev/full', async () => {
    if (!existsSync('/dev/full')) return;
    const run = await runDist('resolve-persona', { env: { GITHUB_OUTPUT: '/dev/full' } });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual(['cannot write /dev/full (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written']);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an empty RUNNER_TEMP, and fails fast under RUNNER_TEMP=/proc/1', async () => {
    const empty = await runDist('resolve-persona', { env: { RUNNER_TEMP: '' } });
    expect(empty.code).toBe(1);
    expect(empty.annotations.map((a) => a.message)).toEqual([expect.stringMatching(/^RUNNER_TEMP is not set: /)]);
    expect(empty.outputFile).toBe('');
    if (!existsSync('/proc/1')) return;
    const proc = await runDist('resolve-persona', { env: { RUNNER_TEMP: '/proc/1' } });
    expect(proc.code).toBe(1);
    expect(proc.annotations.map((a) => a.message)).toEqual([expect.stringMatching(/^cannot write \/proc\/1\/persona\/persona\.json \(RUNNER_TEMP\): /)]);
  });
});

describe('resolve-persona log on success', () => {
  it('prints one line, then the plan in a group with workflow commands off', async () => {
    const run = await runDist('resolve-persona', { inputs: { persona: 'security-first' } });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Resolved persona security-first: source input, risk tolerance low, blend security-first 1');
    expect(lines[1]).toBe('::group::Plan of security-first');
    expect(lines[2]).toMatch(/^::stop-commands::ghadelimiter_/);
    expect(lines[3]).toBe('Persona: Security First');
    expect(lines).toContain(`::${lines[2]!.slice('::stop-commands::'.length)}::`);
    expect(lines.filter(Boolean).at(-1)).toBe('::endgroup::');
  });
});
