import { readSwitchRequest, requestFromCli, toRepositoryDispatch, toWorkflowDispatchInputs } from '../../src/switching/read-switch-request.js';
import type { SwitchRequest } from '../../src/switching/switch-request.js';
import { counter, dispatch, problemsOf, workflow } from './switch-request-fixtures.js';

describe('repository_dispatch requests', () => {
  it('reads a full switch with its origins', () => {
    const request = dispatch('persona-switch', {
      persona: 'security-first:0.6,cost-optimization:0.4',
      environment: 'production',
      rollout: { steps: [10, 50, 100], interval: '1h', bucket_by: 'ref' },
      reason: 'incident 42\nsee the runbook',
      ttl: '4h',
      correlation_id: 'dash/2026-11-30:42',
    });
    expect(request).toEqual({
      action: 'switch',
      channel: 'repository_dispatch',
      persona: 'security-first:0.6,cost-optimization:0.4',
      environment: 'production',
      rollout: { steps: [10, 50, 100], interval: '1h', bucket_by: 'ref' },
      reason: 'incident 42\nsee the runbook',
      ttl: '4h',
      correlation_id: 'dash/2026-11-30:42',
      origins: {
        action: 'event_type "persona-switch"',
        persona: 'client_payload.persona',
        environment: 'client_payload.environment',
        rollout: 'client_payload.rollout',
        reason: 'client_payload.reason',
        ttl: 'client_payload.ttl',
        correlation_id: 'client_payload.correlation_id',
      },
    });
  });

  it('fills in the defaults: interval 30m, bucket by run, empty reason, a generated correlation id', () => {
    const request = dispatch('persona-switch', { persona: 'cost-optimization', rollout: { steps: [100] } });
    expect(request.rollout).toEqual({ steps: [100], interval: '30m', bucket_by: 'run' });
    expect(request.reason).toBe('');
    expect(request.correlation_id).toBe('generated-1');
    expect(request.origins.correlation_id).toBe('generated');
    expect(request.environment).toBeUndefined();
    expect(request.ttl).toBeUndefined();
  });

  it.each(['advance', 'pause', 'resume', 'abort'] as const)('reads the rollout command %s', (action) => {
    const request = dispatch('persona-rollout', { action, environment: 'staging' });
    expect(request).toMatchObject({ action, environment: 'staging', channel: 'repository_dispatch' });
    expect(request.persona).toBeUndefined();
  });

  it('reads a revert', () => {
    expect(dispatch('persona-revert', { reason: 'bad switch', correlation_id: 'r-1' })).toMatchObject({
      action: 'revert',
      reason: 'bad switch',
      correlation_id: 'r-1',
    });
    expect(dispatch('persona-revert', null).action).toBe('revert');
  });

  it('uses configured event types, and names the expected ones for an unknown type', () => {
    const types = { switch: 'ops-switch', revert: 'ops-revert' };
    expect(dispatch('ops-switch', { persona: 'a' }, types).action).toBe('switch');
    expect(dispatch('persona-rollout', { action: 'pause' }, types).action).toBe('pause');
    expect(problemsOf(() => dispatch('persona-switch', { persona: 'a' }, types))).toEqual([
      ['action', 'unknown event type "persona-switch" (expected "ops-switch", "persona-rollout", "ops-revert")'],
    ]);
  });

  it('requires the persona of a switch and the action of a rollout command', () => {
    expect(problemsOf(() => dispatch('persona-switch', {}))).toEqual([['client_payload.persona', 'persona is required']]);
    expect(problemsOf(() => dispatch('persona-rollout', { action: 'restart' }))).toEqual([
      ['client_payload.action', 'action must be one of advance, pause, resume, abort, got string "restart"'],
    ]);
    expect(problemsOf(() => dispatch('persona-rollout', {}))).toEqual([['client_payload.action', 'action is required (one of advance, pause, resume, abort)']]);
  });

  it('names the fields a kind of request does not take, and suggests close keys for unknown ones', () => {
    expect(problemsOf(() => dispatch('persona-revert', { ttl: '4h', persona: 'a', reson: 'x' }))).toEqual([
      ['client_payload.ttl', 'key "ttl" is not used by a "persona-revert" event'],
      ['client_payload.persona', 'key "persona" is not used by a "persona-revert" event'],
      ['client_payload.reson', 'unknown key "reson" (did you mean "reason"?)'],
    ]);
    expect(problemsOf(() => dispatch('persona-switch', { persona: 'a', rollout: { steps: [100], bucket: 'ref' } }))).toEqual([
      ['client_payload.rollout.bucket', 'unknown key "bucket" (did you mean "bucket_by"?)'],
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      dispatch('persona-switch', { persona: 'a+b,c', environment: '', rollout: { steps: [10, 50], interval: '5s', bucket_by: 'actor' }, ttl: '100d' }),
    );
    expect(problems.map(([path]) => path)).toEqual([
      'client_payload.persona',
      'client_payload.environment',
      'client_payload.rollout.steps[1]',
      'client_payload.rollout.interval',
      'client_payload.rollout.bucket_by',
      'client_payload.ttl',
    ]);
    expect(problems[0]![1]).toBe('mixes "+" and "," (an equal blend is "a+b+c" or "a,b,c") in "a+b,c" (expected an id, "a+b" or "a:0.6,b:0.4")');
    expect(problems[2]![1]).toBe('the last step must be 100, got 50');
    expect(problems[3]![1]).toBe('interval "5s" is shorter than 1m');
    expect(problems[5]![1]).toBe('ttl "100d" is longer than 90d');
  });

  it('checks correlation ids and environments against their grammar', () => {
    expect(problemsOf(() => dispatch('persona-revert', { correlation_id: '-leading-dash', environment: 'prod env ' }))).toEqual([
      ['client_payload.environment', expect.stringMatching(/^environment "prod env " is not an environment name/)],
      ['client_payload.correlation_id', expect.stringMatching(/^correlation_id "-leading-dash" is not a correlation id/)],
    ]);
    expect(dispatch('persona-revert', { correlation_id: 'A'.repeat(128), environment: 'eu/prod-1.2 blue' }).environment).toBe('eu/prod-1.2 blue');
    expect(problemsOf(() => dispatch('persona-revert', { correlation_id: 'A'.repeat(129) }))[0]![1]).toBe('correlation_id is longer than 128 characters (129)');
  });

  it('keeps the blend expression as written (canonicalised when applied)', () => {
    expect(dispatch('persona-switch', { persona: ' b + a ' }).persona).toBe(' b + a ');
  });
});

describe('workflow_dispatch requests', () => {
  it("reads the inputs, ignoring the workflow's own and treating blank ones as absent", () => {
    const request = workflow({
      persona: 'cost-optimization',
      environment: 'production',
      'rollout-steps': '10, 50,100',
      'rollout-interval': '1h',
      'rollout-bucket-by': 'environment',
      reason: 'cheaper nights',
      ttl: '',
      'correlation-id': '  ',
      'dry-run': true,
    });
    expect(request).toEqual({
      action: 'switch',
      channel: 'workflow_dispatch',
      persona: 'cost-optimization',
      environment: 'production',
      rollout: { steps: [10, 50, 100], interval: '1h', bucket_by: 'environment' },
      reason: 'cheaper nights',
      correlation_id: 'generated-1',
      origins: {
        action: 'input "action"',
        persona: 'input "persona"',
        environment: 'input "environment"',
        rollout: 'input "rollout-steps"',
        reason: 'input "reason"',
        correlation_id: 'generated',
      },
    });
  });

  it("reads commands from the action input; a choice form's interval and bucket are ignored without steps", () => {
    expect(workflow({ action: 'advance', 'rollout-interval': '30m', 'rollout-bucket-by': 'run' })).toMatchObject({ action: 'advance' });
    expect(workflow({ action: 'revert', environment: 'staging' })).toMatchObject({ action: 'revert', environment: 'staging' });
    expect(workflow({ persona: 'a', 'rollout-bucket-by': 'ref' }).rollout).toBeUndefined();
  });

  it('takes booleans and numbers as text', () => {
    expect(workflow({ persona: 'a', reason: false, 'correlation-id': 42 })).toMatchObject({ reason: 'false', correlation_id: '42' });
  });

  it('locates problems by input name', () => {
    expect(problemsOf(() => workflow({ action: 'pause', persona: 'a', ttl: '1h', 'rollout-steps': '10,100' }))).toEqual([
      ['inputs.persona', 'input "persona" is not used by action "pause"'],
      ['inputs.ttl', 'input "ttl" is not used by action "pause"'],
      ['inputs.rollout-steps', 'input "rollout-steps" is not used by action "pause"'],
    ]);
    expect(problemsOf(() => workflow({ persona: 'a', 'rollout-steps': '10;100' }))).toEqual([
      ['inputs.rollout-steps', 'rollout-steps must be whole numbers separated by commas ("10,50,100"), got "10;100"'],
    ]);
    expect(problemsOf(() => workflow({ persona: 'a', 'rollout-steps': '10,100', 'rollout-interval': '1.5h' }))).toEqual([
      ['inputs.rollout-interval', expect.stringMatching(/^interval "1.5h" is not a duration/)],
    ]);
    expect(problemsOf(() => workflow({ action: 'swtich', persona: 'a' }))).toEqual([
      ['inputs.action', 'unknown action "swtich" (did you mean "switch"?) (expected one of switch, advance, pause, resume, abort, revert)'],
    ]);
    expect(problemsOf(() => workflow({ persona: ['a'] }))).toEqual([['inputs.persona', 'input "persona" must be a string, got a list']]);
    expect(problemsOf(() => workflow('persona=a'))).toEqual([['inputs', 'inputs must be an object, got string "persona=a"']]);
  });
});

describe('other events', () => {
  it('names the event mode switch does not handle', () => {
    expect(problemsOf(() => readSwitchRequest({ name: 'push', payload: {} }, { newCorrelationId: counter() }))).toEqual([
      [undefined, 'mode "switch" handles the repository_dispatch and workflow_dispatch events; this run was triggered by "push"'],
    ]);
  });
});

describe('CLI requests', () => {
  it('builds a request from flags, with flag origins', () => {
    const request = requestFromCli(
      { action: 'switch', persona: 'a+b', rollout: '25,100', interval: '2h', bucketBy: 'ref', ttl: '1d', reason: 'r' },
      counter('cli'),
    );
    expect(request).toEqual({
      action: 'switch',
      channel: 'cli',
      persona: 'a+b',
      rollout: { steps: [25, 100], interval: '2h', bucket_by: 'ref' },
      reason: 'r',
      ttl: '1d',
      correlation_id: 'cli-1',
      origins: { action: 'the command', persona: '--persona', rollout: '--rollout', reason: '--reason', ttl: '--ttl', correlation_id: 'generated' },
    });
  });

  it('locates problems by flag; an interval without --rollout is an error here', () => {
    const problems = problemsOf(() => requestFromCli({ action: 'switch', persona: 'A', interval: '5m', bucketBy: 'ref' }, counter()), 'the command line');
    expect(problems).toEqual([
      ['--interval', '--interval needs --rollout'],
      ['--bucket-by', '--bucket-by needs --rollout'],
      ['--persona', '"A" is not a persona id in "A" (expected an id, "a+b" or "a:0.6,b:0.4")'],
    ]);
    expect(problemsOf(() => requestFromCli({ action: 'abort', persona: 'a' }, counter()), 'the command line')).toEqual([
      ['--persona', '--persona is not used by "persona rollout abort"'],
    ]);
    expect(problemsOf(() => requestFromCli({ action: 'revert', ttl: '1h' }, counter()), 'the command line')).toEqual([
      ['--ttl', '--ttl is not used by "persona revert"'],
    ]);
  });
});

describe('round trips', () => {
  const requests: SwitchRequest[] = [
    requestFromCli(
      {
        action: 'switch',
        persona: 'security-first:0.6,cost-optimization:0.4',
        environment: 'production',
        rollout: '10,50,100',
        ttl: '4h',
        reason: 'why\nnot',
        correlationId: 'c-1',
      },
      counter(),
    ),
    requestFromCli({ action: 'switch', persona: 'a', rollout: '100', interval: '90s', bucketBy: 'environment' }, counter()),
    requestFromCli({ action: 'switch', persona: 'a' }, counter()),
    requestFromCli({ action: 'advance', environment: 'staging' }, counter()),
    requestFromCli({ action: 'pause' }, counter()),
    requestFromCli({ action: 'resume', reason: 'fixed' }, counter()),
    requestFromCli({ action: 'abort', correlationId: 'x:y' }, counter()),
    requestFromCli({ action: 'revert', environment: 'prod', reason: '`$(rm -rf /)`' }, counter()),
  ];
  const essence = ({ channel, origins, ...rest }: SwitchRequest) => (void channel, void origins, rest);
  const never = () => {
    throw new Error('a round trip must not generate an id');
  };

  it.each(requests.map((r) => [`${r.action} ${r.persona ?? ''}`, r] as const))('%s survives repository_dispatch', (_, request) => {
    const { event_type, client_payload } = toRepositoryDispatch(request);
    const back = readSwitchRequest({ name: 'repository_dispatch', payload: { action: event_type, client_payload } }, { newCorrelationId: never });
    expect(essence(back)).toEqual(essence(request));
    expect(back.channel).toBe('repository_dispatch');
  });

  it.each(requests.map((r) => [`${r.action} ${r.persona ?? ''}`, r] as const))('%s survives workflow_dispatch', (_, request) => {
    const inputs = toWorkflowDispatchInputs(request);
    expect(Object.values(inputs).every((v) => typeof v === 'string' && v !== '')).toBe(true);
    const back = readSwitchRequest({ name: 'workflow_dispatch', payload: { inputs } }, { newCorrelationId: never });
    expect(essence(back)).toEqual(essence(request));
  });

  it('uses the configured event types and sends only the inputs a request needs', () => {
    expect(toRepositoryDispatch(requests[3]!, { rollout: 'ops-rollout' })).toEqual({
      event_type: 'ops-rollout',
      client_payload: { action: 'advance', environment: 'staging', correlation_id: 'generated-1' },
    });
    expect(toWorkflowDispatchInputs(requests[2]!)).toEqual({ persona: 'a', 'correlation-id': 'generated-1' });
  });
});
