import { resolvePersona } from '../../src/actions/resolve-persona/main.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { personaOutputs } from '../../src/handover/persona-outputs.js';
import { plainSelection } from '../../src/handover/handover-document.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';
import { CLASH_FILE, cleanup, persona, TEAM_FILE, workspace } from './helpers.js';

afterAll(cleanup);

/** What resolve-persona outputs for these inputs, run in-memory in `dir`. */
async function actionRun(dir: string, inputs: Record<string, string>): Promise<Record<string, string>> {
  const runner = new MemoryRunner({ artifact: 'false', state: 'none', ...inputs }, { GITHUB_WORKSPACE: dir });
  await resolvePersona(runner);
  return runner.outputs;
}

describe('persona plan', () => {
  it('shows the resolved blend with provenance (weighted: security-first requires security tests, which cost-optimization does not allow)', async () => {
    const r = await persona(['plan', '--persona', 'security-first:0.6,cost-optimization:0.4', '--on-conflict', 'weighted'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Persona: Security First + Cost Optimization\n');
    expect(r.stdout).toContain('  id:              security-first:0.6,cost-optimization:0.4\n');
    expect(r.stdout).toContain('  risk tolerance:  low (from security-first)\n');
    expect(r.stdout).toContain('  blend:           security-first 0.6, cost-optimization 0.4\n');
    for (const section of ['Optimization goals', 'Constraints', 'Monitoring thresholds']) expect(r.stdout).toContain(`\n${section}\n`);
    expect(r.stdout).toMatch(/^ {2}METRIC +WEIGHT +FROM$/m);
    expect(r.stdout).toMatch(/^ {2}reliability +0\.54 +security-first, cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}cost +0\.36 +cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}strategy = canary +security-first, cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}CONSTRAINT +FROM$/m);
    expect(r.stdout).toMatch(/^ {2}BREACH WHEN +WINDOW +SEVERITY +ACTION +FROM$/m);
    expect(r.stdout).toMatch(/^ {2}test_tiers in \[unit, integration, security, e2e\] +security-first$/m);
    expect(r.stdout).toMatch(/^ {2}test_tiers includes \[unit, security\] +security-first$/m);
    expect(r.stdout).toContain('\nConflicts (dropped constraints)\n');
    expect(r.stdout).toMatch(/^ {2}test_tiers +test_tiers in \[unit, integration\] +cost-optimization +security-first$/m);
  });

  it('strict: security-first requires security tests, which cost-optimization does not allow', async () => {
    const r = await persona(['plan', '--persona', 'security-first:0.6,cost-optimization:0.4'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'constraints conflict on "test_tiers": "security-first" requires test_tiers in [unit, integration, security, e2e] (built-in personas/security-first.yml:7) and test_tiers includes [unit, security] (built-in personas/security-first.yml:8) but "cost-optimization" requires test_tiers in [unit, integration] (built-in personas/cost-optimization.yml:9) (on-conflict weighted would keep the higher-weight persona\'s constraints)\n',
    );
  });

  it('resolves personas of the library, inheritance applied', async () => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['plan', '-p', 'team-fast'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}velocity +0\.9 +team-fast$/m);
    expect(r.stdout).toMatch(/^ {2}reliability +0\.8 +team-fast$/m);
    expect(r.stdout).toMatch(/^ {2}replicas >= 2 +team-fast$/m);
    expect(r.stdout).toContain('  risk tolerance:  high (from team-fast)\n');
  });

  it.each([
    ['security-first:0.6,cost-optimization:0.4', 'weighted'],
    ['stability:0.6,balanced:0.4', 'strict'],
    ['cost-optimization+performance', 'weighted'],
    ['team-fast+balanced', 'strict'],
  ])('--json is exactly what resolve-persona outputs (%s, %s)', async (expression, policy) => {
    const dir = await workspace({ '.github/personas/team.yml': TEAM_FILE });
    const r = await persona(['plan', '--persona', expression, '--on-conflict', policy, '--json'], dir);
    expect(r.code).toBe(0);
    const cli = JSON.parse(r.stdout) as Record<string, string>;
    const action = await actionRun(dir, { persona: expression, 'on-conflict': policy });
    expect(cli).toEqual(action);
    expect(Object.keys(cli)).toEqual(['persona', 'id', 'name', 'risk-tolerance', 'goals', 'constraints', 'source', 'revision', 'correlation-id', 'cohort']);
    expect(Object.values(cli).every((v) => typeof v === 'string')).toBe(true);
  });

  it('--json: persona is the compact JSON of the resolved persona, goals a JSON object', async () => {
    const r = await persona(['plan', '--persona', 'performance', '--json'], await workspace());
    const out = JSON.parse(r.stdout) as Record<string, string>;
    const { schema_version, ...resolved } = JSON.parse(out.persona!) as ResolvedPersona & { schema_version: string };
    expect(schema_version).toBe('1.2');
    expect(out.persona).toBe(JSON.stringify({ schema_version, ...resolved }));
    expect(out).toEqual(personaOutputs(resolved, plainSelection('input')));
    expect(out).toMatchObject({ id: 'performance', name: 'Performance', 'risk-tolerance': 'medium', source: 'input' });
    expect(JSON.parse(out.goals!)).toEqual({ performance: 1, latency: 0.9, throughput: 0.8, cost: 0.2 });
  });

  it('strict: conflicting constraints fail naming both personas, exit 1', async () => {
    const dir = await workspace({ '.github/personas/clash.yml': CLASH_FILE });
    const r = await persona(['plan', '--persona', 'cheap+fast'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'constraints conflict on "replicas": "cheap" requires replicas <= 3 (.github/personas/clash.yml:4) but "fast" requires replicas >= 4 (.github/personas/clash.yml:9) (on-conflict weighted would keep the higher-weight persona\'s constraints)\n',
    );
  });

  it('strict: the built-in cost-optimization+performance conflict', async () => {
    const r = await persona(['plan', '--persona', 'cost-optimization+performance'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^constraints conflict on "(instance_type|replicas|optimization_level)": "cost-optimization" requires .* but "performance" requires /,
    );
  });

  it('weighted: lists the dropped constraints', async () => {
    const r = await persona(['plan', '--persona', 'cost-optimization:0.7,performance:0.3', '--on-conflict', 'weighted'], await workspace());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nConflicts (dropped constraints)\n');
    expect(r.stdout).toMatch(/^ {2}PARAMETER +DROPPED +DROPPED FROM +KEPT FROM$/m);
    expect(r.stdout).toMatch(/^ {2}replicas +replicas >= 4 +performance +cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}optimization_level +optimization_level >= 3 +performance +cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}instance_type +instance_type in \[c6i\.xlarge.*\] +performance +cost-optimization$/m);
    expect(r.stdout).toMatch(/^ {2}replicas <= 3 +cost-optimization$/m);
  });

  it('weighted --json: warns about each dropped constraint on stderr', async () => {
    const dir = await workspace({ '.github/personas/clash.yml': CLASH_FILE });
    const r = await persona(['plan', '--persona', 'cheap:0.6,fast:0.4', '--on-conflict', 'weighted', '--json'], dir);
    expect(r.code).toBe(0);
    const resolved = JSON.parse((JSON.parse(r.stdout) as Record<string, string>).persona!) as ResolvedPersona;
    expect(resolved.conflicts).toEqual([expect.objectContaining({ parameter: 'replicas', dropped_from: 'fast', kept_from: ['cheap'] })]);
    expect(r.stderr).toBe('warning: on-conflict weighted: dropped "fast" (weight 0.4): replicas >= 4 conflicts with "cheap"\n');
  });

  it('an unknown persona suggests the closest ids, exit 1', async () => {
    const r = await persona(['plan', '--persona', 'security-first+balancd'], await workspace());
    expect(r).toEqual({ code: 1, stdout: '', stderr: '--persona: unknown persona "balancd" (did you mean "balanced"?)\n' });
  });

  it('a malformed expression is a user error, exit 1', async () => {
    const r = await persona(['plan', '--persona', 'a:0.5+b'], await workspace());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^--persona: mixes "\+" and ":" weights/);
  });

  it('without --persona: usage error, exit 2', async () => {
    const r = await persona(['plan'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('persona: missing option --persona EXPR');
    expect(r.stderr).toContain('Usage: persona plan --persona EXPR');
  });

  it('--persona without a value: usage error, exit 2', async () => {
    const r = await persona(['plan', '--persona'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^persona: option '-p, --persona <value>' argument missing/);
  });

  it('a bad --on-conflict: usage error, exit 2', async () => {
    const r = await persona(['plan', '--persona', 'balanced', '--on-conflict', 'loose'], await workspace());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('persona: --on-conflict must be strict or weighted, got "loose"');
  });
});
