import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { asText, condition, evaluate, evaluateStrings, evaluateToken, interpolate, truthy, type ExpressionScope } from '../../src/simulate/expressions.js';
import { rawChild, readWorkflow, workflowSteps } from '../../src/simulate/workflow-file.js';

const scope = (failed = false): ExpressionScope => ({
  contexts: {
    github: { repository: 'acme/app', run_id: '7', event: { inputs: { persona: '' } } },
    inputs: { persona: '', tier: 'unit' },
    vars: { PERSONA_ENVIRONMENT: 'staging' },
    needs: { build: { result: 'success', outputs: { 'test-matrix': '{"tier":["unit","e2e"]}', count: '3' } } },
    matrix: { shard: 2 },
  },
  failed,
});

describe('evaluate', () => {
  it('reads contexts, including hyphenated output names and numbers', () => {
    expect(evaluate('github.repository', scope())).toBe('acme/app');
    expect(evaluate("needs.build.outputs['test-matrix']", scope())).toBe('{"tier":["unit","e2e"]}');
    expect(evaluate('needs.build.outputs.count', scope())).toBe('3');
    expect(evaluate('matrix.shard', scope())).toBe(2);
    expect(evaluate('vars.MISSING', scope())).toBeNull();
  });

  it('gives `||` the first truthy operand and `&&` the first falsy one, not booleans', () => {
    expect(evaluate("inputs.persona || vars.PERSONA || 'balanced'", scope())).toBe('balanced');
    expect(evaluate("inputs.tier || 'x'", scope())).toBe('unit');
    expect(evaluate("inputs.persona || vars.PERSONA_ENVIRONMENT || 'production'", scope())).toBe('staging');
    expect(evaluate("inputs.tier && 'yes'", scope())).toBe('yes');
    expect(evaluate("inputs.persona && 'yes'", scope())).toBe('');
  });

  it('runs fromJSON, toJSON, format and contains', () => {
    expect(evaluate("fromJSON(needs.build.outputs['test-matrix'])", scope())).toEqual({ tier: ['unit', 'e2e'] });
    expect(evaluate("fromJSON(needs.build.outputs['test-matrix']).tier[1]", scope())).toBe('e2e');
    expect(JSON.parse(evaluate('toJSON(matrix)', scope()) as string)).toEqual({ shard: 2 });
    expect(evaluate("format('{0}-{1}', github.repository, matrix.shard)", scope())).toBe('acme/app-2');
    expect(evaluate("contains(fromJSON(needs.build.outputs['test-matrix']).tier, 'e2e')", scope())).toBe(true);
    expect(evaluate("contains('hello', 'ELL')", scope())).toBe(true);
    expect(evaluate("contains('hello', 'xyz')", scope())).toBe(false);
  });

  it('rejects hashFiles() with a clear message', () => {
    const call = () => evaluate("hashFiles('**/package-lock.json')", scope());
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/hashFiles\(\) is not supported by the simulator/);
  });

  it('reports a syntax error as a ConfigurationError naming the expression', () => {
    let caught: unknown;
    try {
      evaluate('github.repository ==', scope());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toContain('"github.repository =="');
  });

  it('rejects an unknown context by name', () => {
    expect(() => evaluate('nosuch.value', scope())).toThrow(/nosuch/);
  });
});

describe('condition', () => {
  it('is success() when empty, and adds success() to a condition without a status function', () => {
    expect(condition(undefined, scope())).toBe(true);
    expect(condition('', scope(true))).toBe(false);
    expect(condition("inputs.tier == 'unit'", scope())).toBe(true);
    expect(condition("inputs.tier == 'unit'", scope(true))).toBe(false);
    expect(condition("inputs.tier == 'e2e'", scope())).toBe(false);
  });

  it('honours always(), failure() and success() as written', () => {
    expect(condition('always()', scope(true))).toBe(true);
    expect(condition('failure()', scope(true))).toBe(true);
    expect(condition('failure()', scope(false))).toBe(false);
    expect(condition('success()', scope(true))).toBe(false);
    expect(condition("always() && inputs.tier == 'e2e'", scope(true))).toBe(false);
    expect(condition('cancelled()', scope(true))).toBe(false);
  });

  it('accepts the ${{ }} wrapper', () => {
    expect(condition("${{ inputs.tier == 'unit' }}", scope())).toBe(true);
    expect(condition('${{ failure() }}', scope(false))).toBe(false);
    expect(condition('${{ failure() }}', scope(true))).toBe(true);
  });

  it('uses GitHub truthiness', () => {
    expect([null, false, 0, ''].map(truthy)).toEqual([false, false, false, false]);
    expect(['0', 'false', 1, [], {}].map(truthy)).toEqual([true, true, true, true, true]);
  });
});

describe('interpolate', () => {
  it('joins text and expressions as text', () => {
    expect(interpolate('repo ${{ github.repository }} shard ${{ matrix.shard }}!', scope())).toBe('repo acme/app shard 2!');
    expect(interpolate('plain', scope())).toBe('plain');
  });

  it('keeps the type of a single expression', () => {
    expect(interpolate('${{ matrix.shard }}', scope())).toBe(2);
    expect(interpolate('${{ matrix }}', scope())).toEqual({ shard: 2 });
    expect(interpolate('${{ inputs.persona == inputs.tier }}', scope())).toBe(false);
  });

  it('rejects an unterminated expression', () => {
    expect(() => interpolate('a ${{ github.repository', scope())).toThrow(ConfigurationError);
  });

  it('renders values as the runner does', () => {
    expect(asText(null)).toBe('');
    expect(asText(true)).toBe('true');
    expect(JSON.parse(asText({ a: [1] }))).toEqual({ a: [1] });
  });
});

describe('evaluateToken', () => {
  it('evaluates parsed workflow tokens: strings, expressions, numbers, booleans, nested values', async () => {
    const content = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 5',
      '    strategy:',
      '      fail-fast: false',
      '      matrix:',
      '        x: [1, two]',
      '    steps:',
      '      - uses: actions/checkout@v5',
      '        with:',
      '          repo: ${{ github.repository }}',
      '          label: run ${{ github.run_id }}',
      '          depth: 1',
      '          lfs: true',
      "          env: ${{ inputs.persona || vars.PERSONA_ENVIRONMENT || 'production' }}",
    ].join('\n');
    const workflow = await readWorkflow('w.yml', content);
    const [step] = workflowSteps(workflow, workflow.jobs[0]!);
    const withToken = rawChild(step!.raw, 'with');
    // the schema reads `with:` values as strings
    expect(evaluateToken(withToken, scope())).toEqual({ repo: 'acme/app', label: 'run 7', depth: '1', lfs: 'true', env: 'staging' });
    expect(evaluateToken(rawChild(workflow.rawJobs.get('a'), 'timeout-minutes'), scope())).toBe(5);
    expect(evaluateToken(workflow.jobs[0]!.strategy, scope())).toEqual({ matrix: { x: [1, 'two'] }, 'fail-fast': false });
    expect(evaluateStrings(withToken, scope())).toEqual({ repo: 'acme/app', label: 'run 7', depth: '1', lfs: 'true', env: 'staging' });
    expect(evaluateToken(undefined, scope())).toBeNull();
  });
});
