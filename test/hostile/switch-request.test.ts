/**
 * Hostile switch requests (a repository_dispatch payload comes from any
 * holder of a token with contents: write, workflow_dispatch inputs from a
 * form): each case is a ConfigurationError whose diagnostics name the
 * event payload and the field, in bounded time and with messages that
 * quote at most a cut of the offending value, or safe acceptance of
 * legitimate input as data.
 */
import { readSwitchRequest, requestFromCli } from '../../src/switching/read-switch-request.js';
import { counter, dispatch, problemsOf, workflow } from '../switching/switch-request-fixtures.js';

const fromText = (text: string) => readSwitchRequest({ name: 'repository_dispatch', payload: JSON.parse(text) as unknown }, { newCorrelationId: counter() });
const switchWith = (fields: Record<string, unknown>) => dispatch('persona-switch', { persona: 'security-first', ...fields });

/** Problems of a run, checking that every message is short (never the whole hostile value). */
function boundedProblems(run: () => unknown) {
  const problems = problemsOf(run);
  for (const [, message] of problems) expect(message.length).toBeLessThan(300);
  return problems;
}

describe('hostile switch requests', () => {
  it('a persona outside the blend grammar is refused at its path', () => {
    expect(boundedProblems(() => switchWith({ persona: 'Security First!' }))).toEqual([
      ['client_payload.persona', '"Security First!" is not a persona id in "Security First!" (expected an id, "a+b" or "a:0.6,b:0.4")'],
    ]);
    expect(boundedProblems(() => switchWith({ persona: 'a:0.5,b' }))[0]![1]).toMatch(/term "b" has no weight/);
    expect(boundedProblems(() => switchWith({ persona: 'a:0,b:1' }))[0]![1]).toMatch(/weight of "a" must be greater than 0/);
  });

  it('a persona expression with weights above 1 is legitimate (normalised when applied) and kept as written', () => {
    expect(switchWith({ persona: 'security-first:3,cost-optimization:1' }).persona).toBe('security-first:3,cost-optimization:1');
  });

  it('a huge persona expression is refused by its length without echoing it', () => {
    const start = performance.now();
    expect(boundedProblems(() => switchWith({ persona: `${'a+'.repeat(30_000)}a` }))).toEqual([
      ['client_payload.persona', 'persona is longer than 500 characters (60001)'],
    ]);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('11 top-level keys are refused', () => {
    const extra = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(boundedProblems(() => switchWith(extra))).toEqual([['client_payload', 'client_payload has 11 top-level keys; at most 10 are allowed']]);
  });

  it('an oversize payload is refused in bounded time', () => {
    const start = performance.now();
    expect(boundedProblems(() => switchWith({ padding: 'x'.repeat(70_000) }))).toEqual([
      ['client_payload', 'client_payload is 70041 characters of JSON; at most 65535 are allowed'],
    ]);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it.each([
    [[50, 10, 100], 'client_payload.rollout.steps[1]', 'steps must be strictly increasing: 10 after 50'],
    [[0, 100], 'client_payload.rollout.steps[0]', 'step must be a whole number from 1 to 100, got 0'],
    [[10, 50], 'client_payload.rollout.steps[1]', 'the last step must be 100, got 50'],
    [[10.5, 100], 'client_payload.rollout.steps[0]', 'step must be a whole number from 1 to 100, got 10.5'],
    [['10', 100], 'client_payload.rollout.steps[0]', 'step must be a whole number from 1 to 100, got string "10"'],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100], 'client_payload.rollout.steps', 'a rollout has at most 10 steps, got 11'],
    [[-10, 100], 'client_payload.rollout.steps[0]', 'step must be a whole number from 1 to 100, got -10'],
  ])('the step list %j is refused', (steps, path, message) => {
    expect(boundedProblems(() => switchWith({ rollout: { steps } }))).toEqual([[path, message]]);
  });

  it('a negative ttl is refused', () => {
    expect(boundedProblems(() => switchWith({ ttl: '-4h' }))).toEqual([['client_payload.ttl', expect.stringMatching(/^ttl "-4h" is not a duration/)]]);
    expect(boundedProblems(() => switchWith({ ttl: -14400 }))).toEqual([['client_payload.ttl', 'ttl must be a string, got number -14400']]);
  });

  it('a __proto__ key at the top level is refused (as JSON.parse creates it)', () => {
    expect(boundedProblems(() => fromText('{"action":"persona-switch","client_payload":{"persona":"a","__proto__":{"polluted":true}}}'))).toEqual([
      ['client_payload.__proto__', 'key "__proto__" is not allowed'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('prototype keys nested anywhere are refused, every one', () => {
    const text = '{"action":"persona-switch","client_payload":{"persona":"a","rollout":{"steps":[100],"constructor":{"prototype":1}},"x":[{"__proto__":1}]}}';
    expect(boundedProblems(() => fromText(text))).toEqual([
      ['client_payload.x[0].__proto__', 'key "__proto__" is not allowed'],
      ['client_payload.rollout.constructor', 'key "constructor" is not allowed'],
    ]);
  });

  it('nesting 100,000 levels deep is a clear error, not a stack overflow', () => {
    const text = `{"action":"persona-switch","client_payload":{"persona":"a","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const start = performance.now();
    expect(boundedProblems(() => fromText(text))).toEqual([
      ['client_payload.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]', 'client_payload nests deeper than 16 levels'],
    ]);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('an escape sequence in the reason is refused; line feeds and tabs are allowed', () => {
    expect(boundedProblems(() => switchWith({ reason: 'ok\u001b]0;pwned\u0007' }))).toEqual([
      ['client_payload.reason', 'reason contains a control character (U+001B) at position 3 (only line feeds and tabs are allowed)'],
    ]);
    expect(switchWith({ reason: 'line one\n\tline two' }).reason).toBe('line one\n\tline two');
  });

  it('a line break in the correlation id (a forged log line) is refused', () => {
    expect(boundedProblems(() => switchWith({ correlation_id: 'abc\n::error::forged' }))).toEqual([
      ['client_payload.correlation_id', 'correlation_id contains a control character (U+000A) at position 4'],
    ]);
  });

  it('a bidirectional override in the environment is refused', () => {
    expect(boundedProblems(() => switchWith({ environment: 'prod\u202euction' }))).toEqual([
      ['client_payload.environment', 'environment contains a bidirectional control character (U+202E) at position 5'],
    ]);
  });

  it('shell metacharacters in a correlation id or environment are outside their grammar', () => {
    expect(boundedProblems(() => switchWith({ correlation_id: 'id;rm -rf /', environment: '$(whoami)' })).map(([path]) => path)).toEqual([
      'client_payload.environment',
      'client_payload.correlation_id',
    ]);
  });

  it('backticks and $(rm -rf /) in the reason are accepted as data, unchanged, on every channel', () => {
    const reason = 'see `cat /etc/passwd` and $(rm -rf /) ${{ secrets.TOKEN }}';
    expect(switchWith({ reason }).reason).toBe(reason);
    expect(workflow({ persona: 'a', reason }).reason).toBe(reason);
    expect(requestFromCli({ action: 'revert', reason }, counter()).reason).toBe(reason);
  });

  it('a reason over 1000 characters is refused', () => {
    expect(boundedProblems(() => switchWith({ reason: 'r'.repeat(1001) }))).toEqual([
      ['client_payload.reason', 'reason is longer than 1000 characters (1001)'],
    ]);
  });

  it('an unknown event type is refused, naming the expected ones', () => {
    expect(boundedProblems(() => dispatch('persona-delete', { persona: 'a' }))).toEqual([
      ['action', 'unknown event type "persona-delete" (expected "persona-switch", "persona-rollout", "persona-revert")'],
    ]);
    expect(boundedProblems(() => dispatch({ toString: 'x' } as unknown as string, {}))[0]![1]).toMatch(/^the event has no event type/);
  });

  it('another event is refused, naming it', () => {
    expect(boundedProblems(() => readSwitchRequest({ name: 'pull_request_target', payload: {} }, { newCorrelationId: counter() }))).toEqual([
      [undefined, 'mode "switch" handles the repository_dispatch and workflow_dispatch events; this run was triggered by "pull_request_target"'],
    ]);
  });

  it('a workflow_dispatch with 26 inputs is refused', () => {
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`input-${i}`, 'x']));
    expect(boundedProblems(() => workflow({ ...inputs }))).toEqual([['inputs', 'the event has 26 inputs; at most 25 are allowed']]);
  });

  it.each([['"a string"'], ['[1,2]'], ['42'], ['true']])('a client_payload of %s is refused', (json) => {
    expect(boundedProblems(() => fromText(`{"action":"persona-switch","client_payload":${json}}`))).toEqual([
      ['client_payload', expect.stringMatching(/^client_payload must be an object, got /)],
    ]);
  });

  it('a workflow input that is an object is refused; unknown inputs are ignored whatever they hold', () => {
    expect(boundedProblems(() => workflow({ persona: { x: 1 } }))).toEqual([['inputs.persona', 'input "persona" must be a string, got object {"x":1}']]);
    expect(workflow({ persona: 'a', extra: { nested: ['anything'] } }).persona).toBe('a');
  });

  it('a control character in a CLI flag is refused at the flag', () => {
    expect(problemsOf(() => requestFromCli({ action: 'switch', persona: 'a', environment: 'prod\u0000' }, counter()), 'the command line')).toEqual([
      ['--environment', 'environment contains a control character (U+0000) at position 5'],
    ]);
  });
});
