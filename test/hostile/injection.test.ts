/**
 * Injection through every channel, against the committed dist/ bundles run as the runner runs them: action inputs,
 * dispatch payloads (mode switch), hand-overs, library files, metric sources and REST answers. Values carry `$(…)`,
 * backticks, `;`, `&&`, line breaks followed by workflow commands, GITHUB_OUTPUT delimiter lines and GITHUB_ENV
 * assignments (runner-files-check.ts TRICKS). After each run the files are read back (runner-files-check.ts): nothing executed, no output,
 * variable or workflow command forged; each value is either refused (exit 1, one error, no stack trace, no output)
 * or accepted as data and shown escaped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { runDist, type DistRun } from '../support/run-dist.js';
import { ACTION_OUTPUTS, ALL_TRICKS, expectNoInjection, expectRefused, TRICKS } from '../support/runner-files-check.js';

const P = TRICKS;
type Trick = keyof typeof P;
const ALL = ALL_TRICKS;
const INJECTED = [...Object.values(P), ALL];

const OUTPUTS = ACTION_OUTPUTS;
/** The only variables adapt-build exports: its constant toolchain flags and the profile. */
const BUILD_EXPORTS = ['CFLAGS', 'CXXFLAGS', 'LDFLAGS', 'CC', 'CXX', 'PERSONA_BUILD_PROFILE'];

const WATCHED = ['id: w', 'name: W', 'risk_tolerance: high', 'monitoring_thresholds:'];
const THRESHOLD = '  - { metric: error_rate, operator: ">", value: 0.5, severity: warning, action: alert }';

const server = useGitHubApiServer({});
let ws: string;
beforeEach(() => {
  server().setRepoInfo('octo-org', 'app');
  ws = mkdtempSync(path.join(os.tmpdir(), 'hostile-injection-'));
  write('.github/personas/w.yml', [...WATCHED, THRESHOLD, ''].join('\n'));
  write('r.jsonl', '{"ts":0,"metric":"error_rate","value":0.001}\n');
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

function write(file: string, text: string): string {
  mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
  writeFileSync(path.join(ws, file), text);
  return path.join(ws, file);
}

/** Inputs each action needs to get far in an empty workspace, before the case's own. */
const BASE: Record<string, Record<string, string>> = {
  'resolve-persona': { artifact: 'false' },
  'adapt-build': { toolchain: 'gcc', 'dependency-cache': 'off' },
  'watch-monitor': { default: 'w', metrics: 'file:r.jsonl', interval: '1s', duration: '1s', cache: 'false' },
};
const run = (action: string, inputs: Record<string, string>): Promise<DistRun> =>
  runDist(action, { workspace: ws, inputs: { ...BASE[action], ...inputs }, env: { GITHUB_REPOSITORY: 'octo-org/app' } });

const errorOf = (r: DistRun) => r.annotations.find((a) => a.level === 'error')!;

/** Nothing executed or forged, and exactly the action's outputs (none when refused). */
function clean(r: DistRun, action: string, exports: string[] = [], outputs = r.code === 0): void {
  expectNoInjection(r, { folders: [ws, r.runnerTemp], outputs: outputs ? OUTPUTS[action]! : [], injected: INJECTED, exports });
}

describe('action inputs: refused with one clear error, nothing forged', () => {
  it.each<[string, string, Trick, RegExp]>([
    ['resolve-persona', 'persona', 'subshell', /^input "persona": .* is not a persona id/],
    ['resolve-persona', 'default', 'setOutput', /^input "default": term "x\\n::set-output name=pwn::1" has no weight/],
    ['resolve-persona', 'on-conflict', 'delimiter', /^input "on-conflict": expected one of strict, weighted/],
    ['resolve-persona', 'state', 'stop', /^input "state": .* is not a state store/],
    ['resolve-persona', 'mode', 'env', /^input "mode"/],
    ['adapt-build', 'persona', 'semicolon', /^input "persona": invalid JSON/],
    ['adapt-build', 'default', 'and', /^input "default": .* is not a persona id/],
    ['adapt-build', 'toolchain', 'backticks', /^input "toolchain"/],
    ['adapt-test', 'max-shards', 'v1', /^input "max-shards"/],
    ['adapt-deploy', 'override-reason', 'setOutput', /^input "override-reason": must be one line without control characters$/],
    ['adapt-deploy', 'region', 'env', /^input "region": must be one line without control characters$/],
    ['adapt-deploy', 'record-deployment', 'warning', /^input "record-deployment"/],
    ['watch-monitor', 'on-no-data', 'delimiter', /^on-no-data must be one of fail, inconclusive, ignore/],
    ['watch-monitor', 'interval', 'subshell', /^input "interval"/],
  ])('%s %s with the %s trick', async (action, input, trick, message) => {
    const r = await run(action, { [input]: P[trick] });
    expectRefused(r, message);
    clean(r, action);
  });

  it('a suites key carrying a workflow command: located at its line, quoted', async () => {
    const r = await run('adapt-test', { default: 'balanced', suites: 'unit: echo ok\n"e2e\\n::set-output name=pwn::1": touch PWNED' });
    expectRefused(r, /^input "suites":2:1 e2e\n::set-output name=pwn::1: key "e2e\\n::set-output name=pwn::1" must be a name/);
    expect(errorOf(r).properties).toMatchObject({ file: 'input "suites"', line: '2' });
    clean(r, 'adapt-test');
  });

  it('a metrics line that is a workflow command: refused at its line before any source is read', async () => {
    const r = await run('watch-monitor', { metrics: `file:r.jsonl\n${'::set-output name=pwn::1'}` });
    expect(r.code).toBe(1);
    expect(r.annotations.filter((a) => a.level === 'error').every((a) => /metrics/.test(a.message))).toBe(true);
    clean(r, 'watch-monitor');
  });
});

describe('action inputs: legitimate data, accepted and never executed', () => {
  // An environment name is one line (GitHub refuses others): the one-line tricks are data, a line break is refused.
  const ONE_LINE = [P.backticks, P.subshell, P.semicolon, P.and, P.v1].join(' ');
  it.each([['resolve-persona'], ['adapt-test'], ['adapt-deploy'], ['watch-monitor']])('%s: an environment holding every one-line trick', async (action) => {
    const r = await run(action, { environment: ONE_LINE, ...(action === 'resolve-persona' ? { state: `file:${ws}/state.json` } : {}) });
    expect(r.code).toBe(0);
    clean(r, action);
  });

  it('adapt-build: an environment holding a GITHUB_ENV assignment exports only its constant flags', async () => {
    const r = await run('adapt-build', { default: 'performance', environment: 'NODE_OPTIONS=--require ./PWNED.js', run: 'printf %s "$CFLAGS" > flags.txt' });
    expect(r.code).toBe(0);
    expect(r.exported).toEqual({ CFLAGS: '-O3 -flto', CXXFLAGS: '-O3 -flto', LDFLAGS: '-flto', PERSONA_BUILD_PROFILE: 'max-performance' });
    expect(readFileSync(path.join(ws, 'flags.txt'), 'utf8')).toBe('-O3 -flto');
    clean(r, 'adapt-build', BUILD_EXPORTS);
  });

  it.each([['resolve-persona'], ['adapt-build'], ['adapt-deploy'], ['watch-monitor']])('%s: an environment with line breaks is refused', async (action) => {
    const r = await run(action, { environment: ALL, ...(action === 'resolve-persona' ? { state: `file:${ws}/state.json` } : {}) });
    expectRefused(r, /^input "environment": must be one line without control characters/);
    clean(r, action);
  });

  it('adapt-test: a tier that is a workflow command is only compared, with a notice escaped', async () => {
    const r = await run('adapt-test', { default: 'balanced', tier: P.setOutput, suites: 'unit: touch PWNED' });
    expect(r.code).toBe(0);
    expect(r.annotations.map((a) => a.message)).toContain(
      `input "tier": the persona this stage uses does not choose tier ${JSON.stringify(P.setOutput)} (or suites has no command for it), so nothing runs`,
    );
    clean(r, 'adapt-test');
  });

  it('adapt-deploy: a region with a v1 command and backticks reaches the command as data, escaped in the summary', async () => {
    const region = `${P.v1} ${P.backticks}`;
    const r = await run('adapt-deploy', { region, run: 'printf %s "$PERSONA_REGION" > region.txt' });
    expect(r.code).toBe(0);
    expect(r.outputs.region).toBe(region);
    expect(readFileSync(path.join(ws, 'region.txt'), 'utf8')).toBe(region);
    expect(r.summary).toContain('| region | x \\#\\#\\[set-output name=pwn;\\]1 deploy \\`touch PWNED\\` (the \\`region\\` input) |');
    clean(r, 'adapt-deploy');
  });

  // A deployment's `payload.ref` is set by anyone with deployments: write: one that is not a git ref name is not
  // trusted (the sha stands in) and the rollback target is logged quoted.
  it('adapt-deploy: a known-good deployment whose ref carries commands forges no command when rolled back to', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const old = 'fedcba9876543210fedcba9876543210fedcba98';
    server().seedDeployment('octo-org', 'app', {
      environment: 'production',
      sha: old,
      ref: old,
      payload: { ref: `main${P.addMask}` },
      createdAt: at,
      statuses: [{ state: 'success', createdAt: at }],
    });
    const r = await runDist('adapt-deploy', {
      workspace: ws,
      inputs: { default: 'stability', environment: 'production', run: 'false', rollback: 'true', 'retry-delay': '10ms' },
      env: { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_RUN_ID: '1', GITHUB_API_URL: server().baseUrl },
    });
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([expect.stringMatching(/after 2 attempts; rolled back$/)]);
    clean(r, 'adapt-deploy', [], true);
  });

  it('adapt-deploy: an environment with a line break is refused before any deployment is recorded', async () => {
    const r = await runDist('adapt-deploy', {
      workspace: ws,
      inputs: { environment: P.setOutput, run: 'true', 'retry-delay': '10ms' },
      env: { GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_RUN_ID: '1', GITHUB_API_URL: server().baseUrl },
    });
    expectRefused(r, /^input "environment": must be one line without control characters/);
    expect(server().deploymentsOf('octo-org', 'app')).toEqual([]);
    clean(r, 'adapt-deploy');
  });
});

describe('dispatch payloads: mode switch on a file: store', () => {
  const store = () => path.join(ws, 'store', 'state.json');
  const SWITCH_OUTPUTS = ['revision', 'previous', 'correlation-id', 'result', 'id', 'source'];
  type Event = { name: string; payload: unknown };
  const dispatch = (payload: Record<string, unknown>): Event => ({
    name: 'repository_dispatch',
    payload: { action: 'persona-switch', client_payload: payload },
  });
  const manual = (inputs: Record<string, string>): Event => ({ name: 'workflow_dispatch', payload: { ref: 'refs/heads/main', inputs } });
  const switchRun = (event: Event) =>
    runDist('resolve-persona', {
      workspace: ws,
      inputs: { mode: 'switch', state: `file:${store()}`, token: 't', artifact: 'false' },
      event,
      env: { GITHUB_API_URL: server().baseUrl, GITHUB_ACTOR: 'alice', GITHUB_RUN_ID: '7001', GITHUB_REF: 'refs/heads/main' },
    });
  const state = () => JSON.parse(readFileSync(store(), 'utf8')) as { revision: number; active: { persona: string; reason: string }; acks: unknown[] };
  // The token input is masked by the action itself (`::add-mask::t`), as every action masks its token.
  const noForgery = (r: DistRun) =>
    expectNoInjection(r, { folders: [ws, r.runnerTemp], outputs: r.code === 0 ? SWITCH_OUTPUTS : [], injected: INJECTED, masks: ['t'] });

  it.each<[string, Event, string]>([
    ['a repository_dispatch reason holding every trick', dispatch({ persona: 'stability', reason: ALL, correlation_id: 'inj-1' }), ALL],
    [
      'a workflow_dispatch reason with backticks and stop-commands',
      manual({ persona: 'stability', reason: `${P.backticks}${P.stop}`, 'correlation-id': 'inj-2' }),
      `${P.backticks}${P.stop}`,
    ],
  ])('accepts %s as data: applied, stored verbatim, shown escaped', async (_what, event, reason) => {
    const r = await switchRun(event);
    expect(r.code).toBe(0);
    expect(r.outputs.result).toBe('applied');
    expect(state().active).toMatchObject({ persona: 'stability', reason });
    expect(r.summary).toContain('| reason | deploy \\`touch PWNED\\`');
    expect(r.summary).toContain('<br>::stop-commands::tok<br>::error::forged');
    noForgery(r);
  });

  it('a stage re-reading that state (reason with every trick) forges nothing', async () => {
    await switchRun(dispatch({ persona: 'stability', reason: ALL, correlation_id: 'inj-3' }));
    const deploy = await run('adapt-deploy', { state: `file:${store()}` });
    expect(deploy.outputs).toMatchObject({ 'persona-id': 'stability', revision: '1' });
    clean(deploy, 'adapt-deploy');
    const watch = await run('watch-monitor', { state: `file:${store()}`, default: '' });
    expect(watch.outputs['persona-id']).toBe('stability');
    clean(watch, 'watch-monitor');
  });

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  it.each<[string, Event, RegExp, string | RegExp]>([
    ['a persona with $( )', dispatch({ persona: P.subshell, correlation_id: 'bad-1' }), /persona/, 'bad-1'],
    ['a persona with a line break and set-output', dispatch({ persona: `stability${P.setOutput}`, correlation_id: 'bad-2' }), /persona/, 'bad-2'],
    ['an environment with ;', dispatch({ persona: 'stability', environment: P.semicolon, correlation_id: 'bad-3' }), /environment/, 'bad-3'],
    ['a ttl with backticks', dispatch({ persona: 'stability', ttl: P.backticks, correlation_id: 'bad-4' }), /ttl/, 'bad-4'],
    ['a workflow_dispatch persona with a v1 command', manual({ persona: P.v1, 'correlation-id': 'bad-5' }), /persona/, 'bad-5'],
    // A correlation id outside its grammar is never stored: the rejection is recorded under a generated one (README).
    ['a correlation id with a line break and set-output', dispatch({ persona: 'stability', correlation_id: P.setOutput }), /correlation_id/, UUID],
    ['a correlation id with &&', dispatch({ persona: 'stability', correlation_id: P.and }), /correlation_id/, UUID],
    ['a workflow_dispatch correlation-id with delimiter lines', manual({ persona: 'stability', 'correlation-id': P.delimiter }), /correlation/, UUID],
  ])('rejects %s: one error, only the rejection recorded', async (_what, event, message, ackId) => {
    await switchRun(dispatch({ persona: 'balanced', correlation_id: 'base' }));
    const before = state();
    const r = await switchRun(event);
    expectRefused(r, message);
    noForgery(r);
    const after = state();
    expect(after).toMatchObject({ revision: before.revision, active: before.active });
    expect(after.acks).toEqual([
      ...before.acks,
      expect.objectContaining({ correlation_id: typeof ackId === 'string' ? ackId : expect.stringMatching(ackId), result: 'rejected' }),
    ]);
    expect(readFileSync(store(), 'utf8')).not.toMatch(/::set-output|ghadelimiter/);
  });
});

describe('hand-overs: the persona input and persona.json', () => {
  let handover: Record<string, unknown>;
  beforeAll(async () => {
    handover = JSON.parse((await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } })).outputs.persona!) as Record<
      string,
      unknown
    >;
  });
  const forged = (fields: Record<string, unknown>) => JSON.stringify({ ...handover, ...fields });

  it.each([
    ['adapt-test', 'name', /^input "persona" name: name contains a control character \(U\+000A\)/],
    ['adapt-build', 'source', /^input "persona" source: source must be one of input, event, state, default/],
    ['adapt-deploy', 'id', /^input "persona" id: /],
    ['watch-monitor', 'risk_tolerance', /^input "persona" risk_tolerance: /],
  ])('%s refuses a hand-over whose %s carries commands, at its path', async (action, field, message) => {
    const r = await run(action, { persona: forged({ [field]: ALL }) });
    expectRefused(r, message);
    expect(errorOf(r).properties.file).toBe('input "persona"');
    clean(r, action);
  });

  it.each([['adapt-test'], ['adapt-deploy'], ['watch-monitor']])('%s accepts a description holding every trick, as data', async (action) => {
    const r = await run(action, { persona: forged({ description: ALL }), default: '' });
    expect(r.code).toBe(0);
    expect(r.outputs['persona-id']).toBe('balanced');
    clean(r, action);
  });

  it('the load-persona reader: a persona.json with every trick in its description loads, outputs exact', async () => {
    write('artifact/persona.json', forged({ description: ALL }));
    const r = await runDist('load-persona', { workspace: ws, inputs: { directory: path.join(ws, 'artifact'), name: P.setOutput } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.persona!)).toMatchObject({ description: ALL });
    clean(r, 'load-persona');
  });

  it('the load-persona reader: a name with a line break is refused, the artifact name quoted escaped', async () => {
    write('artifact/persona.json', forged({ name: P.stop }));
    const r = await runDist('load-persona', { workspace: ws, inputs: { directory: path.join(ws, 'artifact'), name: P.warning } });
    expectRefused(r, /^persona\.json of artifact "x\\n::warning::forged".* name contains a control character/);
    clean(r, 'load-persona');
  });
});

describe('library files', () => {
  const persona = (name: string, description: string) =>
    write('.github/personas/p.yml', `id: p\nname: ${JSON.stringify(name)}\ndescription: ${JSON.stringify(description)}\nrisk_tolerance: high\n`);

  it.each([['resolve-persona'], ['adapt-deploy'], ['adapt-test']])(
    '%s: a name with commands mid-line and a description with every trick are data',
    async (action) => {
      persona(`P ${P.v1} ${P.subshell} ${P.backticks}`, ALL);
      const r = await run(action, action === 'resolve-persona' ? { persona: 'p' } : { default: 'p' });
      expect(r.code).toBe(0);
      if (action === 'resolve-persona')
        expect(r.summary).toContain('## Persona: P x \\#\\#\\[set-output name=pwn;\\]1 deploy \\$(touch PWNED) deploy \\`touch PWNED\\`');
      clean(r, action);
    },
  );

  it('a name with a line break is refused at its file and line', async () => {
    persona(P.setOutput, 'fine');
    const r = await run('resolve-persona', { persona: 'p' });
    expectRefused(r, /p\.yml:2:\d+ name: .*control character/);
    expect(errorOf(r).properties).toMatchObject({ file: '.github/personas/p.yml', line: '2' });
    clean(r, 'resolve-persona');
  });

  it('a catalog option id with shell syntax is refused at its line', async () => {
    write('.github/personas/catalog.yml', 'catalogs:\n  test:\n    - { id: "unit$(touch PWNED)", parameters: { test_tiers: unit } }\n');
    const r = await run('adapt-test', { default: 'balanced' });
    expectRefused(r, /catalog\.yml:3:\d+/);
    clean(r, 'adapt-test');
  });
});

describe('metric sources', () => {
  it('a replay line whose metric carries commands is refused at its file line, quoted', async () => {
    write('r.jsonl', `${JSON.stringify({ ts: 0, metric: ALL, value: 1 })}\n`);
    const r = await run('watch-monitor', {});
    expectRefused(r, /^r\.jsonl:1: metric must be a metric name, not string "deploy `touch PWNED`\\ndeploy \$\(touch PWNED\)\\n.{1,30}…"$/);
    expect(errorOf(r).properties).toMatchObject({ file: 'r.jsonl', line: '1' });
    clean(r, 'watch-monitor');
  });

  it('a command source printing workflow commands on stdout and stderr: read as data, never relayed', async () => {
    const script = write(
      'metrics.sh',
      "printf 'error_rate=0.001\\n::set-output name=pwn::1\\n::stop-commands::tok\\n##[add-mask]balanced\\n'\necho '::error::forged' >&2\n",
    );
    const r = await run('watch-monitor', { metrics: `command:bash ${script}` });
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    clean(r, 'watch-monitor');
  });
});
