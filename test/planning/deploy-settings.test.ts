/** The deploy stage's scalar settings: replicas, region and canary steps, from the persona's constraints and risk tolerance. */
import type { RiskTolerance } from '../../src/persona/vocabulary.js';
import { chooseCanarySteps, chooseRegion, chooseReplicas, parseCanarySteps } from '../../src/planning/deploy-settings.js';
import { rule } from './fixtures.js';

/** The canary steps per risk tolerance (the documented defaults). */
const DOCUMENTED_STEPS: Record<RiskTolerance, number[]> = { low: [5, 25, 50, 100], medium: [25, 50, 100], high: [100] };
/** More replicas when less risk is tolerated: the documented starting points. */
const DOCUMENTED_REPLICAS: Record<RiskTolerance, number> = { low: 3, medium: 2, high: 1 };
const RISKS: RiskTolerance[] = ['low', 'medium', 'high'];

const steps = (text: string): number[] | string => {
  const parsed = parseCanarySteps(text);
  return 'problem' in parsed ? parsed.problem : parsed;
};

describe('chooseReplicas', () => {
  it.each(RISKS)('without constraints takes the %s-risk default', (risk) => {
    expect(chooseReplicas(risk, [])).toMatchObject({ value: DOCUMENTED_REPLICAS[risk], violations: [] });
    // Constraints on other parameters change nothing.
    expect(chooseReplicas(risk, [rule('region', '=', 'eu')]).value).toBe(DOCUMENTED_REPLICAS[risk]);
  });

  it('keeps the default when the bounds allow it, else the nearest bound', () => {
    expect(chooseReplicas('low', [rule('replicas', '>=', 2), rule('replicas', '<=', 6)])).toMatchObject({ value: 3, violations: [] });
    expect(chooseReplicas('medium', [rule('replicas', '>=', 4)]).value).toBe(4);
    expect(chooseReplicas('low', [rule('replicas', '<=', 2)]).value).toBe(2);
    expect(chooseReplicas('high', [rule('replicas', '>', 4)]).value).toBe(5);
    expect(chooseReplicas('low', [rule('replicas', '<', 3)]).value).toBe(2);
  });

  it('reads fractional bounds as whole replicas', () => {
    expect(chooseReplicas('high', [rule('replicas', '>=', 2.5)]).value).toBe(3);
    expect(chooseReplicas('high', [rule('replicas', '>', 2.5)]).value).toBe(3);
    expect(chooseReplicas('low', [rule('replicas', '<=', 2.5)]).value).toBe(2);
    expect(chooseReplicas('low', [rule('replicas', '<', 2.5)]).value).toBe(2);
  });

  it('chooses from an `in` list the number nearest the default, within the other bounds', () => {
    expect(chooseReplicas('medium', [rule('replicas', 'in', [1, 5, 9])]).value).toBe(1);
    expect(chooseReplicas('low', [rule('replicas', 'in', [1, 5, 9])]).value).toBe(5);
    expect(chooseReplicas('low', [rule('replicas', 'in', [1, 2, 8]), rule('replicas', '>=', 4)]).value).toBe(8);
    expect(chooseReplicas('high', [rule('replicas', '=', 7)]).value).toBe(7);
  });

  it('a tie goes to the larger number', () => {
    expect(chooseReplicas('medium', [rule('replicas', 'in', [1, 3])]).value).toBe(3);
    expect(chooseReplicas('low', [rule('replicas', 'in', [1, 5])]).value).toBe(5);
  });

  it('honours `!=` and `not_in`', () => {
    // Medium starts at 2; 1 and 3 are as near, and the tie goes to 3.
    expect(chooseReplicas('medium', [rule('replicas', '!=', 2)]).value).toBe(3);
    expect(chooseReplicas('low', [rule('replicas', 'not_in', [2, 3, 4])]).value).toBe(5);
    expect(chooseReplicas('high', [rule('replicas', 'not_in', [1]), rule('replicas', '<=', 2)]).value).toBe(2);
  });

  it('when nothing is allowed, keeps the default and reports a violation naming the constraint and the persona', () => {
    const lower = rule('replicas', '>=', 5, 'security');
    const upper = rule('replicas', '<=', 3, 'cost');
    const choice = chooseReplicas('medium', [lower, upper]);
    expect(choice.value).toBe(DOCUMENTED_REPLICAS.medium);
    expect(choice.violations).toHaveLength(1);
    const [violation] = choice.violations;
    expect(violation!.constraint).toMatchObject({ parameter: 'replicas', operator: '>=', value: 5 });
    expect([...violation!.from].sort()).toEqual(['cost', 'security']);
    expect(violation!.message).toMatch(/replicas/);
  });

  it('refuses more than 1000 replicas and lists without a whole number', () => {
    const tooMany = chooseReplicas('low', [rule('replicas', '>=', 1001, 'huge')]);
    expect(tooMany.value).toBe(DOCUMENTED_REPLICAS.low);
    expect(tooMany.violations.map((v) => v.from)).toEqual([['huge']]);
    expect(tooMany.violations[0]!.message).toContain('1000');
    expect(chooseReplicas('low', [rule('replicas', '>=', 1000)])).toMatchObject({ value: 1000, violations: [] });
    expect(chooseReplicas('low', [rule('replicas', 'in', [0, 2.5, 1001])]).violations).toHaveLength(1);
  });
});

describe('chooseRegion', () => {
  const regions = rule('region', 'in', ['eu-west-1', 'eu-central-1'], 'security');

  it('takes the region input when the constraints allow it', () => {
    expect(chooseRegion('eu-central-1', [regions])).toMatchObject({ value: 'eu-central-1', violations: [] });
    expect(chooseRegion('us-east-1', [])).toMatchObject({ value: 'us-east-1', violations: [] });
  });

  it('keeps a rejected input and reports a violation naming the constraint and the persona', () => {
    const choice = chooseRegion('us-east-1', [regions]);
    expect(choice.value).toBe('us-east-1');
    expect(choice.violations).toHaveLength(1);
    expect(choice.violations[0]).toMatchObject({ constraint: { parameter: 'region', operator: 'in' }, from: ['security'] });
    expect(choice.violations[0]!.message).toMatch(/^region /);
    const blackout = chooseRegion('eu-central-1', [rule('region', 'not_in', ['eu-central-1'], 'cost')]);
    expect(blackout.violations.map((v) => v.from)).toEqual([['cost']]);
  });

  it('without an input takes the first listed region every constraint allows', () => {
    expect(chooseRegion('', [rule('region', '=', 'ap-south-1')])).toMatchObject({ value: 'ap-south-1', violations: [] });
    expect(chooseRegion('', [regions]).value).toBe('eu-west-1');
    expect(chooseRegion('', [regions, rule('region', '!=', 'eu-west-1', 'cost')]).value).toBe('eu-central-1');
  });

  it('without an input, a list nothing survives is a violation and no region', () => {
    const choice = chooseRegion('', [regions, rule('region', 'not_in', ['eu-west-1', 'eu-central-1'], 'cost')]);
    expect(choice.value).toBe('');
    expect(choice.violations).toHaveLength(1);
    expect([...choice.violations[0]!.from].sort()).toEqual(['cost', 'security']);
  });

  it('not constrained and no input: empty, the workflow decides', () => {
    expect(chooseRegion('', [])).toMatchObject({ value: '', violations: [] });
    expect(chooseRegion('', [rule('region', '!=', 'eu-west-1')])).toMatchObject({ value: '', violations: [] });
  });
});

describe('parseCanarySteps', () => {
  it('reads increasing percentages ending at 100', () => {
    expect(steps('5,25,50,100')).toEqual([5, 25, 50, 100]);
    expect(steps(' 10 , 100 ')).toEqual([10, 100]);
    expect(steps('100')).toEqual([100]);
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 5);
    expect(steps(twenty.join(','))).toEqual(twenty);
  });

  it.each([
    ['not increasing', '50,25,100'],
    ['a repeated step', '5,5,100'],
    ['not ending at 100', '5,25,50'],
    ['past 100', '50,100,150'],
    ['a zero step', '0,100'],
    ['more than 20 steps', Array.from({ length: 21 }, (_, i) => i + 80).join(',')],
    ['words', 'five,100'],
    ['a fraction', '2.5,100'],
    ['a negative step', '-5,100'],
    ['an empty step', '5,,100'],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(steps(text)).toEqual(expect.stringContaining('such as "5,25,50,100"'));
  });

  it('refuses a 10,000-character value fast, quoting only its start', () => {
    const text = `${'5,'.repeat(4_999)}100`.slice(0, 10_000);
    const start = performance.now();
    const result = steps(text);
    expect(performance.now() - start).toBeLessThan(50);
    expect(typeof result).toBe('string');
    expect((result as string).length).toBeLessThan(300);
  });
});

describe('chooseCanarySteps', () => {
  it.each(RISKS)('a canary follows the %s-risk steps without a constraint', (risk) => {
    expect(chooseCanarySteps('canary', risk, [])).toMatchObject({ value: DOCUMENTED_STEPS[risk], violations: [] });
  });

  it('an `=` constraint sets the steps, whatever the risk', () => {
    for (const risk of RISKS) expect(chooseCanarySteps('canary', risk, [rule('canary_steps', '=', '10,50,100')]).value).toEqual([10, 50, 100]);
  });

  it('an `in` list prefers the risk default when it lists it, else takes its first entry', () => {
    const list = rule('canary_steps', 'in', ['10,100', '25, 50, 100']);
    expect(chooseCanarySteps('canary', 'medium', [list]).value).toEqual(DOCUMENTED_STEPS.medium);
    expect(chooseCanarySteps('canary', 'low', [list]).value).toEqual([10, 100]);
    expect(chooseCanarySteps('canary', 'high', [list]).value).toEqual([10, 100]);
  });

  it('a value that is not steps falls back to the risk default with a violation naming the persona', () => {
    const choice = chooseCanarySteps('canary', 'low', [rule('canary_steps', '=', '50,25', 'team')]);
    expect(choice.value).toEqual(DOCUMENTED_STEPS.low);
    expect(choice.violations).toHaveLength(1);
    expect(choice.violations[0]).toMatchObject({ constraint: { parameter: 'canary_steps' }, from: ['team'] });
  });

  it.each(['direct', 'rolling', 'blue-green'])('%s shifts all traffic in one step, whatever the constraints', (strategy) => {
    for (const risk of RISKS) expect(chooseCanarySteps(strategy, risk, [rule('canary_steps', '=', '10,50,100')]).value).toEqual([100]);
  });

  it('no deployment has no steps', () => {
    expect(chooseCanarySteps('none', 'low', []).value).toEqual([]);
    expect(chooseCanarySteps(undefined, 'medium', [rule('canary_steps', '=', '10,100')]).value).toEqual([]);
  });
});
