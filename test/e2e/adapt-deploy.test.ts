// adapt-deploy's committed dist/ bundle, run as the runner runs it: the plan of each built-in persona (checked against
// planDeploy in-process), the PERSONA_* variables `run` receives, the freeze gate (a blend never outvotes it; the
// override-reason input passes it on purpose and is recorded), the switch a blocked persona came from, the deploy
// windows of a library persona, and dry-run. Deployments and rollbacks: adapt-deploy-deployments/-rollback.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveBlend } from '../../src/blend/blend.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { planDeploy } from '../../src/planning/deploy-plan.js';
import { runDist, type DistRun } from '../support/run-dist.js';
import { expectBlocked, runDeploy, useDeployWorkspace, warningsOf, writePersona } from './adapt-deploy-fixtures.js';

const ws = useDeployWorkspace('adapt-deploy-e2e-');
const { server, dir } = ws;

const deploy = (inputs: Record<string, string>) => runDeploy(ws, inputs);
/** A library persona `id` in `dir/personas/` (the `library` input `personas`); returns the line of each constraint. */
const persona = (id: string, risk: string, constraints: string[]): number[] => writePersona(dir(), id, risk, constraints);
const warnings = warningsOf;
const ran = (file = 'ran') => existsSync(path.join(dir(), file));
const blocked = (r: DistRun, ...messages: RegExp[]): void => expectBlocked(r, dir(), 'ran', ...messages);
const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** A window that is closed now: three days from today (UTC), one hour. */
const closedWindow = () => `${WEEKDAYS[(new Date().getUTCDay() + 3) % 7]} 09:00-10:00`;

describe('adapt-deploy (dist): the plan', () => {
  it.each(BUILTIN_DEFINITIONS.map((d) => d.definition.id))('built-in %s chooses what planDeploy chooses, explained', async (id) => {
    const expected = planDeploy(resolveBlend(library, id, { onConflict: 'strict' }), BUILTIN_CATALOGS, { region: '', now: new Date() });
    const r = await deploy({ default: id });
    if (expected.gates.some((g) => g.action === 'block')) return blocked(r, new RegExp(`"${id}"`));
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({
      'persona-id': id,
      'instance-type': expected.instanceType ?? '',
      strategy: expected.strategy ?? '',
      replicas: String(expected.replicas.value),
      'auto-rollback': String(expected.autoRollback),
      'requires-approval': String(expected.requiresApproval),
      gate: 'open',
      outcome: 'skipped',
    });
    expect(JSON.parse(r.outputs['canary-steps']!)).toEqual(expected.canarySteps.value);
    const explain = JSON.parse(r.outputs.explain!) as Array<{ catalog: string; chosen: string[]; ranking: unknown[] }>;
    expect(explain.filter((e) => e.catalog !== 'settings').map((e) => [e.catalog, e.chosen])).toEqual([
      ['instance-types', [expected.instanceType]],
      ['strategies', [expected.strategy]],
    ]);
    expect(explain[0]!.ranking.length).toBeGreaterThan(0);
    expect(r.summary).toContain(expected.instanceType!);
  });

  it.each([
    ['low', [5, 25, 50, 100], true],
    ['medium', [25, 50, 100], false],
    ['high', [100], false],
  ])('a %s-risk canary steps %j; `run` gets the plan as PERSONA_* variables', async (risk, steps, low) => {
    persona('canary', risk as string, ['{ parameter: strategy, operator: "=", value: canary }']);
    const record = 'printf "%s\\n" "$PERSONA_INSTANCE_TYPE" "$PERSONA_REPLICAS" "$PERSONA_STRATEGY" "$PERSONA_CANARY_STEPS" > env.txt';
    const r = await deploy({ default: 'canary', library: 'personas', run: record });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ strategy: 'canary', outcome: 'succeeded', 'requires-approval': String(low) });
    expect(JSON.parse(r.outputs['canary-steps']!)).toEqual(steps);
    const [instance, replicas, strategy, canary] = readFileSync(path.join(dir(), 'env.txt'), 'utf8').split('\n');
    expect([instance, replicas, strategy, canary]).toEqual([r.outputs['instance-type'], r.outputs.replicas, 'canary', (steps as number[]).join(' ')]);
    expect(instance).not.toBe('');
  });

  it('replicas and region honour != / not_in constraints (never the excluded value)', async () => {
    persona('picky', 'low', [
      '{ parameter: replicas, operator: not_in, value: [3] }',
      '{ parameter: region, operator: in, value: [eu-west-1, eu-central-1] }',
      '{ parameter: region, operator: "!=", value: eu-west-1 }',
    ]);
    const r = await deploy({ default: 'picky', library: 'personas' });
    expect(r.code).toBe(0);
    expect(r.outputs.replicas).not.toBe('3');
    expect(r.outputs.region).toBe('eu-central-1');
  });

  it('dry-run plans and writes the outputs, but creates no deployment and runs nothing', async () => {
    const r = await deploy({ default: 'balanced', environment: 'production', run: 'touch ran', 'dry-run': 'true' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ 'persona-id': 'balanced', outcome: 'skipped', gate: 'open', 'deployment-id': '' });
    expect(r.outputs.strategy).not.toBe('');
    expect(ran()).toBe(false);
    expect(server().deploymentsOf('octo-org', 'app')).toEqual([]);
    expect(server().requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('adapt-deploy (dist): the freeze gate', () => {
  it('persona freeze blocks the deploy: the message names the persona and the override-reason input', async () => {
    blocked(await deploy({ default: 'freeze', run: 'touch ran' }), /persona "freeze"/, /freeze/, /override-reason/);
  });

  it('a freeze handed over by resolve-persona blocks too', async () => {
    const handed = await runDist('resolve-persona', { inputs: { persona: 'freeze', artifact: 'false' } });
    expect(handed.code).toBe(0);
    blocked(await deploy({ persona: handed.outputs.persona!, run: 'touch ran' }), /persona "freeze"/, /override-reason/);
  });

  it.each(['strict', 'weighted'])('freeze:0.1,high-velocity:0.9 under %s is never outvoted: blocked', async (policy) => {
    blocked(await deploy({ default: 'freeze:0.1,high-velocity:0.9', 'on-conflict': policy, run: 'touch ran' }), /"freeze"/, /override-reason/);
  });

  it('a hand-over from a state switch: the block names the switch (its correlation id)', async () => {
    const handed = await runDist('resolve-persona', { inputs: { persona: 'freeze', artifact: 'false' } });
    const doc = { ...(JSON.parse(handed.outputs.persona!) as Record<string, unknown>), source: 'state', revision: 4, correlation_id: 'dash-freeze-42' };
    const r = await deploy({ persona: JSON.stringify(doc), run: 'touch ran' });
    blocked(r, /persona "freeze"/, /dash-freeze-42/, /override-reason/);
  });

  it('override-reason passes the freeze on purpose: gate overridden, approval required, the reason in the summary', async () => {
    const r = await deploy({ default: 'freeze:0.1,high-velocity:0.9', 'on-conflict': 'weighted', 'override-reason': 'incident 42 hotfix' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ gate: 'overridden', 'requires-approval': 'true' });
    expect(warnings(r).join('\n')).toMatch(/overridden on purpose.*incident 42 hotfix/);
    expect(r.summary).toContain('incident 42 hotfix');
  });

  it('override-reason deploys through the freeze: the command runs and the deployment carries the reason', async () => {
    const r = await deploy({
      default: 'freeze:0.1,high-velocity:0.9',
      'on-conflict': 'strict',
      environment: 'production',
      run: 'touch ran',
      'override-reason': 'incident 42 hotfix',
    });
    expect(r.code).toBe(0);
    expect(r.outputs.gate).toBe('overridden');
    expect(ran()).toBe(true);
    const [created] = server().deploymentsOf('octo-org', 'app');
    expect(created?.description).toContain('incident 42 hotfix');
  });
});

describe('adapt-deploy (dist): deploy windows', () => {
  it('a closed window blocks under low risk, before anything runs', async () => {
    persona('windowed', 'low', [`{ parameter: deploy_window, operator: in, value: ["${closedWindow()}"] }`]);
    blocked(await deploy({ default: 'windowed', library: 'personas', run: 'touch ran' }), /persona "windowed".*deploy window is closed/, /override-reason/);
  });

  it('a closed window warns under high risk and the deploy goes on', async () => {
    persona('windowed', 'high', [`{ parameter: deploy_window, operator: in, value: ["${closedWindow()}"] }`]);
    const r = await deploy({ default: 'windowed', library: 'personas', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).toMatch(/deploy gate \(window\).*deploy window is closed/);
    expect(ran()).toBe(true);
    expect(r.outputs.gate).toBe('open');
  });

  it('a window open all week lets the deploy through without a warning', async () => {
    persona('windowed', 'low', ['{ parameter: deploy_window, operator: in, value: ["Mon-Sun 00:00-24:00"] }']);
    const r = await deploy({ default: 'windowed', library: 'personas', run: 'touch ran' });
    expect(r.code).toBe(0);
    expect(warnings(r).join('\n')).not.toMatch(/window/);
    expect(r.outputs.gate).toBe('open');
    expect(ran()).toBe(true);
  });

  it('override-reason passes a closed window: the created deployment carries the reason', async () => {
    persona('windowed', 'low', [`{ parameter: deploy_window, operator: in, value: ["${closedWindow()}"] }`]);
    const r = await deploy({ default: 'windowed', library: 'personas', environment: 'production', run: 'touch ran', 'override-reason': 'incident 42 hotfix' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ gate: 'overridden', 'requires-approval': 'true' });
    expect(ran()).toBe(true);
    const [created] = server().deploymentsOf('octo-org', 'app');
    expect(created!.description).toContain('incident 42 hotfix');
    expect(r.outputs['deployment-id']).toBe(String(created!.id));
  });

  it('a window that is not a window is a located error naming the file and line', async () => {
    const [, line] = persona('windowed', 'low', [
      '{ parameter: replicas, operator: ">=", value: 1 }',
      '{ parameter: deploy_window, operator: in, value: ["Funday 25:00-26:00"] }',
    ]);
    const r = await deploy({ default: 'windowed', library: 'personas', run: 'touch ran' });
    blocked(r, /windowed/);
    const error = r.annotations.find((a) => a.level === 'error' && /deploy_window|window/.test(a.message))!;
    expect(error.properties.file).toMatch(/personas[/\\]windowed\.yml$/);
    expect(error.properties.line).toBe(String(line));
  });
});
