/** The deploy gates: the freeze, the deploy windows at a fixed moment, and the deployment-frequency bounds. */
import { freezeGate, frequencyBounds, frequencyGate, windowGate } from '../../src/planning/deploy-gates.js';
import { builtin, rule } from './fixtures.js';

// 2026-11-30 is a Monday (winter: Berlin is UTC+1); 2026-07-06 is a Monday (summer: Berlin is UTC+2).
const at = (iso: string) => new Date(iso);
const window = (value: string | string[], from = 'p', operator: 'in' | '=' | 'not_in' | '!=' = Array.isArray(value) ? 'in' : '=') =>
  rule('deploy_window', operator, value, from);
const OFFICE = ['Mon-Fri 09:00-17:00', 'Sat 10:00-12:00'];

describe('freezeGate', () => {
  it('blocks for the freeze persona, naming it and its closing constraints', () => {
    const findings = freezeGate(builtin('freeze').constraints);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ gate: 'freeze', action: 'block', from: ['freeze'] });
    expect(findings[0]!.constraints.map((c) => c.parameter).sort()).toEqual(['deployment_frequency', 'strategy']);
    expect(findings[0]!.constraints[0]).not.toHaveProperty('from');
    expect(findings[0]!.message).toContain('"freeze"');
  });

  it.each(['strict', 'weighted'] as const)('blocks a light freeze blended with a heavy persona (%s), naming only the persona that closes', (policy) => {
    const findings = freezeGate(builtin('freeze:0.1,high-velocity:0.9', policy).constraints);
    expect(findings.map((f) => [f.gate, f.action, f.from])).toEqual([['freeze', 'block', ['freeze']]]);
    expect(findings[0]!.message).not.toContain('high-velocity');
  });

  it('names each persona that closes deployments', () => {
    const findings = freezeGate([rule('deployment_frequency', '<=', 0, 'a'), rule('strategy', '=', 'none', 'b'), rule('replicas', '>=', 2, 'c')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.from).toEqual(['a', 'b']);
    expect(findings[0]!.message).toMatch(/"a", "b"/);
  });

  it('without a closing constraint finds nothing', () => {
    expect(freezeGate([])).toEqual([]);
    expect(freezeGate(builtin('stability').constraints)).toEqual([]);
    expect(freezeGate([rule('deployment_frequency', '<=', 5), rule('strategy', 'in', ['none', 'canary']), rule('deploy_window', 'in', OFFICE)])).toEqual([]);
  });
});

describe('windowGate', () => {
  const gate = (constraints: ReturnType<typeof rule>[], iso: string, treatment: 'fail' | 'warn' = 'fail') => windowGate(constraints, at(iso), treatment);

  it('is open inside one of the windows and closed outside all of them (UTC by default)', () => {
    expect(gate([window(OFFICE)], '2026-11-30T09:00:00Z')).toEqual({ findings: [], problems: [] });
    expect(gate([window(OFFICE)], '2026-12-05T11:59:00Z').findings).toEqual([]);
    const closed = gate([window(OFFICE, 'stability')], '2026-11-30T17:00:00Z');
    expect(closed.problems).toEqual([]);
    expect(closed.findings).toHaveLength(1);
    expect(closed.findings[0]).toMatchObject({ gate: 'window', action: 'block', from: ['stability'] });
    expect(closed.findings[0]!.constraints).toEqual([{ parameter: 'deploy_window', operator: 'in', value: OFFICE }]);
    expect(closed.findings[0]!.message).toContain('"stability"');
    expect(closed.findings[0]!.message).toContain('2026-11-30T17:00Z');
    expect(gate([window(OFFICE)], '2026-12-06T11:00:00Z').findings).toHaveLength(1);
  });

  it('reads an IANA zone, with its summer time', () => {
    const berlin = [window('Mon-Fri 09:00-17:00 Europe/Berlin')];
    // Summer: 07:30 UTC is 09:30 in Berlin (open); 15:30 UTC is 17:30 (closed).
    expect(gate(berlin, '2026-07-06T07:30:00Z').findings).toEqual([]);
    expect(gate(berlin, '2026-07-06T15:30:00Z').findings).toHaveLength(1);
    // Winter: 07:30 UTC is 08:30 in Berlin (closed); 15:30 UTC is 16:30 (open).
    expect(gate(berlin, '2026-11-30T07:30:00Z').findings).toHaveLength(1);
    expect(gate(berlin, '2026-11-30T15:30:00Z').findings).toEqual([]);
  });

  it('keeps a span past midnight open into the next day', () => {
    const night = [window('Fri 22:00-02:00')];
    expect(gate(night, '2026-12-04T23:00:00Z').findings).toEqual([]);
    expect(gate(night, '2026-12-05T01:30:00Z').findings).toEqual([]);
    expect(gate(night, '2026-12-05T02:00:00Z').findings).toHaveLength(1);
    expect(gate(night, '2026-12-04T21:59:00Z').findings).toHaveLength(1);
    expect(gate(night, '2026-11-30T01:00:00Z').findings).toHaveLength(1);
  });

  it('closes during a blackout (`not_in`, `!=`) and is open outside it', () => {
    const blackout = [window(['Fri 16:00-24:00', 'Sat-Sun 00:00-24:00'], 'ops', 'not_in')];
    const closed = gate(blackout, '2026-12-04T17:00:00Z');
    expect(closed.findings.map((f) => [f.gate, f.action, f.from])).toEqual([['window', 'block', ['ops']]]);
    expect(closed.findings[0]!.message).toContain('Fri 16:00-24:00');
    expect(gate(blackout, '2026-12-06T12:00:00Z').findings).toHaveLength(1);
    expect(gate(blackout, '2026-11-30T17:00:00Z').findings).toEqual([]);
    expect(gate([window('Mon 12:00-13:00', 'ops', '!=')], '2026-11-30T12:30:00Z').findings).toHaveLength(1);
    expect(gate([window('Mon 12:00-13:00', 'ops', '!=')], '2026-11-30T13:00:00Z').findings).toEqual([]);
  });

  it("needs every persona's windows to allow the moment", () => {
    const both = [window(['Mon-Fri 09:00-17:00'], 'a'), window(['Mon 12:00-13:00', 'Tue 12:00-13:00'], 'b')];
    expect(gate(both, '2026-11-30T12:30:00Z').findings).toEqual([]);
    expect(gate(both, '2026-11-30T10:00:00Z').findings.map((f) => f.from)).toEqual([['b']]);
    expect(gate(both, '2026-12-05T12:30:00Z').findings.map((f) => f.from)).toEqual([['a'], ['b']]);
  });

  it('blocks under `violations: fail` and warns under `warn`', () => {
    expect(gate([window(OFFICE)], '2026-12-06T10:00:00Z', 'fail').findings[0]!.action).toBe('block');
    expect(gate([window(OFFICE)], '2026-12-06T10:00:00Z', 'warn').findings[0]!.action).toBe('warn');
  });

  it('reports windows it cannot read and operators windows do not take, naming the persona, without a finding', () => {
    const bad = gate([window(['Mon-Fri 09:00-17:00', 'Someday 09:00-10:00'], 'team')], '2026-12-06T10:00:00Z');
    expect(bad.findings).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatch(/Someday/);
    expect(bad.problems[0]).toContain('"team"');
    const operator = gate([rule('deploy_window', '>=', 'Mon 09:00-17:00', 'team')], '2026-12-06T10:00:00Z');
    expect(operator.findings).toEqual([]);
    expect(operator.problems).toHaveLength(1);
    expect(operator.problems[0]).toContain('"team"');
    expect(operator.problems[0]).toMatch(/not_in/);
  });

  it('ignores constraints on other parameters', () => {
    expect(gate([rule('replicas', '>=', 2), rule('region', 'in', ['eu'])], '2026-12-06T10:00:00Z')).toEqual({ findings: [], problems: [] });
  });
});

describe('frequencyBounds', () => {
  it('takes the tightest upper bound and the highest lower bound, as whole deployments', () => {
    const bounds = frequencyBounds([
      rule('deployment_frequency', '<=', 5, 'a'),
      rule('deployment_frequency', '<=', 2, 'b'),
      rule('deployment_frequency', '>=', 3, 'c'),
      rule('deployment_frequency', '>', 3.5, 'd'),
    ]);
    expect(bounds.limit).toMatchObject({ max: 2, c: { from: ['b'] } });
    expect(bounds.target).toMatchObject({ min: 4, c: { from: ['d'] } });
    expect(frequencyBounds([rule('deployment_frequency', '<', 2.5)]).limit!.max).toBe(2);
    expect(frequencyBounds([rule('deployment_frequency', '<', 3)]).limit!.max).toBe(2);
    expect(frequencyBounds([rule('deployment_frequency', '>', 9)]).target!.min).toBe(10);
    expect(frequencyBounds([rule('deployment_frequency', '=', 3)])).toMatchObject({ limit: { max: 3 }, target: { min: 3 } });
  });

  it('leaves a closing bound to the freeze and ignores other parameters', () => {
    expect(frequencyBounds([rule('deployment_frequency', '<=', 0), rule('deployment_frequency', '<', 0), rule('replicas', '<=', 2)])).toEqual({});
  });
});

describe('frequencyGate', () => {
  const atMostTwo = [rule('deployment_frequency', '<=', 2, 'stability')];

  it('lets the deploy through while it stays within the upper bound', () => {
    expect(frequencyGate(atMostTwo, 0, 'fail')).toEqual([]);
    expect(frequencyGate(atMostTwo, 1, 'fail')).toEqual([]);
  });

  it('blocks (fail) or warns (warn) the deploy that would pass the upper bound, naming the persona', () => {
    const [blocked] = frequencyGate(atMostTwo, 2, 'fail');
    expect(blocked).toMatchObject({ gate: 'frequency', action: 'block', from: ['stability'] });
    expect(blocked!.constraints).toEqual([{ parameter: 'deployment_frequency', operator: '<=', value: 2 }]);
    expect(blocked!.message).toContain('2 deployments in the last 24 h');
    expect(blocked!.message).toContain('"stability"');
    expect(frequencyGate(atMostTwo, 2, 'warn').map((f) => f.action)).toEqual(['warn']);
    expect(frequencyGate(atMostTwo, 7, 'fail').map((f) => f.action)).toEqual(['block']);
  });

  it('rounds `<` down to whole deployments', () => {
    const under = [rule('deployment_frequency', '<', 2.5)];
    expect(frequencyGate(under, 1, 'fail')).toEqual([]);
    expect(frequencyGate(under, 2, 'fail').map((f) => f.action)).toEqual(['block']);
  });

  it('reads `=` as both a limit and a target', () => {
    const exactly = [rule('deployment_frequency', '=', 3, 'team')];
    expect(frequencyGate(exactly, 2, 'fail').map((f) => f.action)).toEqual(['report']);
    expect(frequencyGate(exactly, 3, 'fail').map((f) => f.action)).toEqual(['block', 'report']);
  });

  it('only reports a lower bound, met or not, never blocking', () => {
    const atLeastTen = [rule('deployment_frequency', '>=', 10, 'high-velocity')];
    const notMet = frequencyGate(atLeastTen, 3, 'fail');
    expect(notMet.map((f) => [f.action, f.from])).toEqual([['report', ['high-velocity']]]);
    expect(notMet[0]!.message).toMatch(/not met/);
    const met = frequencyGate(atLeastTen, 9, 'fail');
    expect(met.map((f) => f.action)).toEqual(['report']);
    expect(met[0]!.message).toMatch(/: met$/);
    expect(frequencyGate(atLeastTen, 1, 'fail')[0]!.message).toContain('1 deployment in the last 24 h');
  });

  it('says a capped count is a lower bound', () => {
    const [finding] = frequencyGate([rule('deployment_frequency', '>=', 10)], 1000, 'fail', true);
    expect(finding!.message).toContain('1000 or more deployments');
    expect(finding!.message).toContain('1001+');
    expect(frequencyGate(atMostTwo, 1000, 'fail', true)[0]!.message).toContain('or more');
  });

  it('leaves a closing `<= 0` to the freeze gate', () => {
    expect(frequencyGate([rule('deployment_frequency', '<=', 0, 'freeze')], 5, 'fail')).toEqual([]);
    expect(frequencyGate(builtin('freeze').constraints, 5, 'fail')).toEqual([]);
  });
});
