import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import nock from 'nock';

/** The stand-in for `DefaultArtifactClient.uploadArtifact`. */
const upload = jest.fn(async (_name: string, _files: string[], _root: string): Promise<{ id?: number; size?: number }> => ({ id: 1, size: 10 }));
jest.unstable_mockModule('@actions/artifact', () => ({
  DefaultArtifactClient: class {
    uploadArtifact = upload;
  },
}));

const { resolvePersona: run } = await import('../../src/actions/resolve-persona/main.js');
const { ConfigurationError } = await import('../../src/errors/configuration-error.js');
const { MemoryRunner } = await import('../../src/runner/memory-runner.js');
const { readHandover } = await import('../../src/handover/read-handover.js');
const { resolvedPersonaText } = await import('../../src/report/persona-text.js');
const { ARTIFACT_NAME, PERSONA_FILE } = await import('../../src/actions/resolve-persona/constants.js');
const { PersonaOutputs } = await import('../../src/handover/persona-outputs.js');

let workspace: string;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'resolve-persona-ws-'));
  upload.mockClear();
  upload.mockResolvedValue({ id: 1, size: 10 });
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

/** A MemoryRunner over a temporary workspace (so the repository's own `.github/personas` is never read). */
function runner(inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  // No state store unless a test asks for one (the state tests are in resolve-persona-state.test.ts).
  return new MemoryRunner({ state: 'none', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env });
}

/** Writes files into the workspace. */
function files(entries: Record<string, string>): void {
  for (const [name, text] of Object.entries(entries)) {
    const full = path.join(workspace, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to fail');
}

/** Asserts the run changed nothing: no output, no file, no summary, no upload. */
function expectNoStateChange(r: InstanceType<typeof MemoryRunner>): void {
  expect(r.outputs).toEqual({});
  expect(r.files).toEqual({});
  expect(r.summary).toBe('');
  expect(upload).not.toHaveBeenCalled();
}

describe('resolve-persona run(): outputs, persona file and summary', () => {
  it('resolves a blend from the persona input (weighted: security-first requires security tests, which cost-optimization does not allow)', async () => {
    const r = runner({ persona: 'cost-optimization:2, security-first:3', 'on-conflict': 'weighted', artifact: 'false' });
    const result = (await run(r))!;

    expect(Object.keys(r.outputs).sort()).toEqual(Object.values(PersonaOutputs).sort());
    expect(r.outputs.id).toBe('security-first:0.6,cost-optimization:0.4');
    expect(r.outputs.name).toBe('Security First + Cost Optimization');
    expect(r.outputs['risk-tolerance']).toBe('low');
    expect(r.outputs.source).toBe('input');
    const goals = JSON.parse(r.outputs.goals!);
    expect(goals.security).toBeCloseTo(0.6);
    expect(goals.cost).toBeCloseTo(0.36);

    const persona = JSON.parse(r.outputs.persona!);
    expect(persona).toEqual({
      schema_version: '1.2',
      ...JSON.parse(JSON.stringify(result.persona)),
      source: 'input',
      revision: null,
      correlation_id: null,
      cohort: 'none',
    });
    expect(Object.keys(persona)[0]).toBe('schema_version');
    expect(persona.blend).toEqual([
      { id: 'security-first', weight: 0.6 },
      { id: 'cost-optimization', weight: 0.4 },
    ]);
    expect(persona.risk_tolerance_from).toEqual(['security-first']);
    expect(persona.constraints).toContainEqual({ parameter: 'strategy', operator: '=', value: 'canary', from: ['security-first', 'cost-optimization'] });
    expect(r.outputs.persona).toBe(JSON.stringify(persona));

    expect(Object.keys(r.files)).toEqual([PERSONA_FILE]);
    expect(r.files[PERSONA_FILE]).toBe(`${JSON.stringify(persona, null, 2)}\n`);
    expect(await readHandover(r.files[PERSONA_FILE]!, PERSONA_FILE)).toEqual(persona);
    expect(result.file).toBe(`/memory/${PERSONA_FILE}`);
    expect(result.selection).toEqual({ expression: 'cost-optimization:2, security-first:3', source: 'input', origin: 'input "persona"' });

    expect(r.summary).toContain('## Persona: Security First + Cost Optimization');
    expect(r.summary).toContain('`security-first:0.6,cost-optimization:0.4` · selected by **input** · risk tolerance **low** (from `security-first`)');
    expect(r.summary).toContain('| Persona | Weight |');
    expect(r.summary).toContain('| `security-first` | 0.6 |');
    expect(r.summary).toContain('xychart-beta');
    expect(r.summary).toContain('x-axis ["security", "reliability", "cost", "coverage", "build_time"]');
    expect(r.summary).toContain('bar [0.6, 0.54, 0.36, 0.36, 0.16]');
    expect(persona.constraints).toContainEqual({ parameter: 'test_tiers', operator: 'includes', value: ['unit', 'security'], from: ['security-first'] });
    expect(persona.conflicts.map((c: { parameter: string; dropped_from: string }) => [c.parameter, c.dropped_from])).toEqual([
      ['test_tiers', 'cost-optimization'],
    ]);
    expect(r.logger.messages('warning')).toEqual([
      'on-conflict weighted: dropped "cost-optimization" (weight 0.4): test_tiers in [unit, integration] conflicts with "security-first"',
    ]);
    expect(r.logger.messages('error')).toEqual([]);
  });

  it('falls back to the default input when persona is empty, with source "default"', async () => {
    const r = runner({ persona: '', default: 'performance', artifact: 'false' });
    await run(r);
    expect(r.outputs.id).toBe('performance');
    expect(r.outputs.source).toBe('default');
    expect(r.summary).toContain('selected by **default**');
  });

  it('uses the balanced persona when no input is given at all', async () => {
    const r = runner();
    const result = (await run(r))!;
    expect(result.selection).toEqual({ expression: 'balanced', source: 'default', origin: 'input "default"' });
    expect(r.outputs.id).toBe('balanced');
    expect(r.outputs.name).toBe('Balanced');
    expect(r.outputs['risk-tolerance']).toBe('medium');
    expect(r.outputs.source).toBe('default');
    expect(JSON.parse(r.outputs.goals!)).toEqual({ reliability: 0.6, cost: 0.5, performance: 0.5, security: 0.5, velocity: 0.5 });
  });

  it('prefers the persona input over the default input', async () => {
    const r = runner({ persona: 'security-first', default: 'performance', artifact: 'false' });
    await run(r);
    expect(r.outputs.id).toBe('security-first');
    expect(r.outputs.source).toBe('input');
  });

  it('reads the workspace library and warns for each constraint dropped under on-conflict: weighted', async () => {
    files({ '.github/personas/team.yml': 'name: Team\nextends: balanced\nrisk_tolerance: high\n' });
    const team = runner({ persona: 'team', artifact: 'false' });
    await run(team);
    expect(team.outputs['risk-tolerance']).toBe('high');

    const weighted = runner({ persona: 'performance:0.7,cost-optimization:0.3', 'on-conflict': 'weighted', artifact: 'false' });
    const result = (await run(weighted))!;
    expect(result.persona.conflicts).toHaveLength(3);
    expect(weighted.logger.messages('warning')).toEqual(result.persona.conflicts.map((c) => `on-conflict weighted: ${c.message}`));
    expect(weighted.summary).toContain('Dropped constraints');
  });
});

describe('resolve-persona run(): the log', () => {
  it('logs one line (id, source, risk tolerance, blend), then the plan in a collapsible group', async () => {
    const r = runner({ persona: 'cost-optimization:2, security-first:3', 'on-conflict': 'weighted', artifact: 'false' });
    const result = (await run(r))!;
    expect(r.logger.messages('info')).toEqual([
      'Resolved persona security-first:0.6,cost-optimization:0.4: source input, risk tolerance low, blend security-first 0.6 + cost-optimization 0.4',
      resolvedPersonaText(result.persona, 'input'),
    ]);
    expect(r.groups).toEqual([{ kind: 'group', title: 'Plan of security-first:0.6,cost-optimization:0.4' }, { kind: 'endgroup' }]);
    expect(r.texts).toEqual([resolvedPersonaText(result.persona, 'input')]);
    expect(r.texts[0]).toMatch(/^Persona: Security First \+ Cost Optimization\n/);
    expect(r.texts[0]).toContain('Monitoring thresholds');
  });

  it('names a single persona and where it was selected', async () => {
    const r = runner();
    await run(r);
    expect(r.logger.messages('info')[0]).toBe('Resolved persona balanced: source default, risk tolerance medium, blend balanced 1');
  });

  it('logs no success line and sets no output when GITHUB_OUTPUT cannot be written (a full disk)', async () => {
    const r = new MemoryRunner({ persona: 'balanced', artifact: 'false' }, { GITHUB_WORKSPACE: workspace }, { failing: { GITHUB_OUTPUT: 'ENOSPC' } });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('cannot write /memory/GITHUB_OUTPUT (GITHUB_OUTPUT): ENOSPC (no space left on device); nothing was written');
    expect(r.outputs).toEqual({});
    expect(r.logger.messages('info')).toEqual([]);
    expect(r.groups).toEqual([]);
  });

  it('fails with a clear error, writing nothing, when RUNNER_TEMP is not set', async () => {
    const r = new MemoryRunner({ persona: 'balanced' }, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: undefined, ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^RUNNER_TEMP is not set: .*no fallback to a shared \/tmp/);
    expectNoStateChange(r);
  });
});

describe('resolve-persona run(): the artifact', () => {
  it('uploads the persona file as the "persona" artifact, rooted at its folder', async () => {
    const r = runner({ persona: 'balanced', artifact: 'true' }, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    const result = (await run(r))!;
    expect(ARTIFACT_NAME).toBe('persona');
    expect(upload).toHaveBeenCalledTimes(1);
    expect(upload).toHaveBeenCalledWith('persona', [result.file], path.dirname(result.file));
    expect(upload.mock.calls[0]).toEqual(['persona', ['/memory/persona/persona.json'], '/memory/persona']);
    expect(r.logger.messages('warning')).toEqual([]);
  });

  it('uploads by default (artifact input empty) when the runtime token is set', async () => {
    await run(runner({}, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' }));
    expect(upload).toHaveBeenCalledTimes(1);
  });

  it("does not upload with artifact: 'false'", async () => {
    const r = runner({ artifact: 'false' }, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    await run(r);
    expect(upload).not.toHaveBeenCalled();
    expect(r.outputs.id).toBe('balanced');
  });

  it('does not upload without ACTIONS_RUNTIME_TOKEN (outside Actions)', async () => {
    const r = runner({ artifact: 'true' });
    await run(r);
    expect(upload).not.toHaveBeenCalled();
    expect(r.logger.messages('warning')).toEqual([]);
  });

  it('warns naming the artifact when the upload fails, and still succeeds with every output set', async () => {
    upload.mockRejectedValue(new Error('artifact storage quota exceeded'));
    const r = runner({ persona: 'security-first', artifact: 'true' }, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    const result = (await run(r))!;
    expect(upload).toHaveBeenCalledTimes(1);
    expect(r.logger.messages('warning')).toEqual(['could not upload the "persona" artifact: artifact storage quota exceeded']);
    expect(r.logger.messages('error')).toEqual([]);
    expect(result.persona.id).toBe('security-first');
    expect(r.outputs.id).toBe('security-first');
    expect(Object.keys(r.outputs).sort()).toEqual(Object.values(PersonaOutputs).sort());
    expect(r.files[PERSONA_FILE]).toBeDefined();
    expect(r.summary).toContain('## Persona: Security First');
  });
});

describe('resolve-persona run(): no state change on error', () => {
  it('rejects an unknown persona id with a ConfigurationError naming the input', async () => {
    const r = runner({ persona: 'securty-first' }, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as InstanceType<typeof ConfigurationError>).diagnostics).toEqual([
      { message: 'input "persona": unknown persona "securty-first" (did you mean "security-first"?)' },
    ]);
    expectNoStateChange(r);
  });

  it('names the default input when the default persona is unknown', async () => {
    const r = runner({ default: 'nope' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^input "default": unknown persona "nope"/);
    expectNoStateChange(r);
  });

  it('rejects a bad library file with located diagnostics', async () => {
    files({ '.github/personas/bad.yml': 'name: Bad\nrisk_tolerance: reckless\n' });
    const r = runner({ persona: 'balanced' }, { ACTIONS_RUNTIME_TOKEN: 'runtime-token' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    const diagnostics = (error as InstanceType<typeof ConfigurationError>).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ file: '.github/personas/bad.yml', line: 2 });
    expect(diagnostics[0]!.message).toContain('reckless');
    expectNoStateChange(r);
  });

  it('rejects bad inputs before reading anything, all at once', async () => {
    const r = runner({ 'on-conflict': 'lenient', cache: 'maybe' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as InstanceType<typeof ConfigurationError>).diagnostics.map((d) => d.message)).toEqual([
      'input "cache": expected true or false, got "maybe"',
      'input "on-conflict": expected one of strict, weighted, got "lenient"',
    ]);
    expectNoStateChange(r);
  });

  it('rejects an explicit library path that does not exist', async () => {
    const r = runner({ library: 'personas/missing' });
    const error = await rejection(run(r));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('library: "personas/missing" does not exist');
    expectNoStateChange(r);
  });
});

describe('resolve-persona run(): remote library sources', () => {
  it('fails naming the URL when an https source is unreachable and there is no cached copy', async () => {
    const scope = nock('https://personas.example.test').get('/team.yml').times(3).reply(503, 'down', { 'Retry-After': '0' }); // three attempts, no wait between them
    const r = runner({ persona: 'balanced', cache: 'false', library: 'https://personas.example.test/team.yml' });
    const error = await rejection(run(r));
    expect(scope.isDone()).toBe(true);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('https://personas.example.test/team.yml');
    expect((error as Error).message).toMatch(/unreachable \(HTTP 503.*\) and no cached copy exists/);
    expectNoStateChange(r);
  });

  it('reads a persona from an https source', async () => {
    const scope = nock('https://personas.example.test').get('/team.yml').reply(200, 'name: Remote Team\nextends: balanced\nrisk_tolerance: low\n');
    const r = runner({ persona: 'remote-team', cache: 'false', library: 'https://personas.example.test/team.yml', artifact: 'false' });
    await run(r);
    expect(scope.isDone()).toBe(true);
    expect(r.outputs.id).toBe('remote-team');
    expect(r.outputs['risk-tolerance']).toBe('low');
  });
});
