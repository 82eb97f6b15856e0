import { blendPersonas, resolveBlend } from '../../src/blend/blend.js';
import { CLOSING_FORMS, isClosingConstraint } from '../../src/blend/closing-constraints.js';
import { CONFLICT_POLICIES } from '../../src/blend/blend-constraints.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import type { Constraint } from '../../src/persona/persona.js';
import { failure, persona, replicas } from './fixtures.js';

const c = (parameter: string, operator: Constraint['operator'], value: Constraint['value']): Constraint => ({ parameter, operator, value });
const frequency = (operator: Constraint['operator'], value: Constraint['value']) => c('deployment_frequency', operator, value);
const canonical = (items: readonly object[]) => items.map((item) => JSON.stringify(item)).sort();
const strategy = (operator: Constraint['operator'], value: Constraint['value']) => c('strategy', operator, value);

describe('isClosingConstraint', () => {
  it.each([
    frequency('<=', 0),
    frequency('<=', -1),
    frequency('<', 0),
    frequency('<', -0.5),
    frequency('<=', -Infinity),
    frequency('=', 0),
    frequency('=', -2),
    frequency('in', [0]),
    frequency('in', [0, -1]),
    strategy('=', 'none'),
    strategy('in', ['none']),
    strategy('in', ['none', 'none']),
  ])('%o closes deployments', (constraint) => expect(isClosingConstraint(constraint)).toBe(true));

  it.each([
    frequency('<=', 0.5),
    frequency('<', 0.001),
    frequency('<=', 5),
    frequency('>=', 0),
    frequency('>', -1),
    frequency('>=', 10),
    frequency('=', 1),
    frequency('=', '0'),
    frequency('in', [0, 1]),
    frequency('in', []),
    frequency('!=', 5),
    frequency('not_in', [1, 2]),
    frequency('matches', '^0$'),
    strategy('=', 'rolling'),
    strategy('=', 'None'),
    strategy('in', ['none', 'rolling']),
    strategy('in', []),
    strategy('!=', 'rolling'),
    strategy('not_in', ['rolling', 'canary']),
    strategy('matches', '^none$'),
    c('Strategy', '=', 'none'),
    c('deployment_frequency_max', '<=', 0),
    c('replicas', '<=', 0),
    c('deploy_window', '=', 'never'),
  ])('%o does not', (constraint) => expect(isClosingConstraint(constraint)).toBe(false));

  it('every form it describes names one of the two parameters it checks', () => {
    expect(CLOSING_FORMS.length).toBeGreaterThan(0);
    for (const form of CLOSING_FORMS) expect(form).toMatch(/^(deployment_frequency|strategy) /);
    expect(CLOSING_FORMS.join('\n')).not.toMatch(/deploy_window/);
  });
});

describe('blending: freeze wins (built-in personas)', () => {
  const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
  const freezeWins = '"freeze" closes deployments (%s), and a freeze wins whatever its weight and the on-conflict policy';

  it.each(CONFLICT_POLICIES)('freeze:0.1,high-velocity:0.9 under %s closes deployments and reports what it dropped', (onConflict) => {
    const blended = resolveBlend(library, 'freeze:0.1,high-velocity:0.9', { onConflict });
    const on = (parameter: string) => blended.constraints.filter((k) => k.parameter === parameter);
    expect(on('deployment_frequency')).toEqual([{ parameter: 'deployment_frequency', operator: '<=', value: 0, from: ['freeze'] }]);
    expect(on('strategy')).toEqual([{ parameter: 'strategy', operator: '=', value: 'none', from: ['freeze'] }]);
    // high-velocity's constraints on parameters freeze leaves alone stay, with their provenance.
    expect(on('coverage')).toEqual([{ parameter: 'coverage', operator: '>=', value: 60, from: ['high-velocity'] }]);
    expect(on('test_tiers')).toEqual([{ parameter: 'test_tiers', operator: 'in', value: ['unit', 'smoke'], from: ['high-velocity'] }]);
    expect(blended.conflicts).toEqual([
      {
        parameter: 'deployment_frequency',
        dropped_from: 'high-velocity',
        dropped: [frequency('>=', 10)],
        kept_from: ['freeze'],
        message: `dropped "high-velocity" (weight 0.9): deployment_frequency >= 10 conflicts with "freeze"; ${freezeWins.replace('%s', 'deployment_frequency <= 0')}`,
      },
      {
        parameter: 'strategy',
        dropped_from: 'high-velocity',
        dropped: [strategy('in', ['rolling', 'canary'])],
        kept_from: ['freeze'],
        message: `dropped "high-velocity" (weight 0.9): strategy in [rolling, canary] conflicts with "freeze"; ${freezeWins.replace('%s', 'strategy = none')}`,
      },
    ]);
  });

  it('an equal blend and an overwhelming weight give the same constraints under both policies', () => {
    const expected = resolveBlend(library, 'freeze:0.1,high-velocity:0.9', { onConflict: 'strict' });
    for (const expression of ['freeze+high-velocity', 'high-velocity,freeze', 'high-velocity:0.9999,freeze:0.0001'])
      for (const onConflict of CONFLICT_POLICIES) {
        const blended = resolveBlend(library, expression, { onConflict });
        // Parameters come in the order of the first persona in precedence, so compare them as a set.
        expect(canonical(blended.constraints)).toEqual(canonical(expected.constraints));
        expect(blended.conflicts.map((k) => [k.parameter, k.dropped_from, k.kept_from])).toEqual([
          ['deployment_frequency', 'high-velocity', ['freeze']],
          ['strategy', 'high-velocity', ['freeze']],
        ]);
      }
  });

  it('a blend of built-ins without a closing persona still fails under strict', () => {
    expect(failure(() => resolveBlend(library, 'stability:0.1,high-velocity:0.9', { onConflict: 'strict' }))).toMatch(/^constraints conflict on /);
  });
});

describe('blending: freeze wins (rules)', () => {
  const freeze = persona('freeze', { risk_tolerance: 'low', constraints: [frequency('<=', 0), strategy('=', 'none')] });
  const fast = persona('fast', { risk_tolerance: 'high', constraints: [frequency('>=', 10), strategy('=', 'canary'), replicas('>=', 4)] });

  it.each(CONFLICT_POLICIES)('%s: constraints compatible with the freeze stay, with their provenance', (onConflict) => {
    const floor = persona('floor', { constraints: [frequency('>=', 0), frequency('<=', 5), strategy('!=', 'canary')] });
    const blended = blendPersonas(
      [
        { persona: fast, weight: 0.6 },
        { persona: floor, weight: 0.3 },
        { persona: freeze, weight: 0.1 },
      ],
      { onConflict },
    );
    expect(blended.constraints).toEqual([
      { parameter: 'deployment_frequency', operator: '>=', value: 0, from: ['floor'] },
      { parameter: 'deployment_frequency', operator: '<=', value: 0, from: ['freeze'] },
      { parameter: 'strategy', operator: '=', value: 'none', from: ['freeze'] },
      { parameter: 'strategy', operator: '!=', value: 'canary', from: ['floor'] },
      { parameter: 'replicas', operator: '>=', value: 4, from: ['fast'] },
    ]);
    expect(blended.conflicts.map((k) => [k.parameter, k.dropped_from, k.kept_from])).toEqual([
      ['deployment_frequency', 'fast', ['freeze']],
      ['strategy', 'fast', ['freeze']],
    ]);
  });

  it('a blend whose constraints all hold with the freeze reports no conflict', () => {
    const slow = persona('slow', { constraints: [frequency('<=', 5), replicas('>=', 2)] });
    const blended = blendPersonas([
      { persona: slow, weight: 0.9 },
      { persona: freeze, weight: 0.1 },
    ]);
    expect(blended.conflicts).toEqual([]);
    expect(blended.constraints.filter((k) => k.parameter === 'deployment_frequency')).toEqual([
      { parameter: 'deployment_frequency', operator: '<=', value: 0, from: ['freeze'] },
    ]);
  });

  it('other parameters keep their policy: strict fails on them, weighted drops as before', () => {
    const few = persona('few', { constraints: [replicas('<=', 2)] });
    const terms = [
      { persona: fast, weight: 0.5 },
      { persona: few, weight: 0.3 },
      { persona: freeze, weight: 0.2 },
    ];
    expect(failure(() => blendPersonas(terms))).toBe(
      'constraints conflict on "replicas": "fast" requires replicas >= 4 but "few" requires replicas <= 2 (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
    const weighted = blendPersonas(terms, { onConflict: 'weighted' });
    expect(weighted.conflicts.map((k) => k.message)).toEqual([
      expect.stringMatching(/^dropped "fast" \(weight 0\.5\): deployment_frequency >= 10 conflicts with "freeze"; "freeze" closes deployments/),
      expect.stringMatching(/^dropped "fast" \(weight 0\.5\): strategy = canary conflicts with "freeze"; "freeze" closes deployments/),
      'dropped "few" (weight 0.3): replicas <= 2 conflicts with "fast"',
    ]);
  });

  it('others that clash among themselves still fail under strict and are dropped by precedence under weighted', () => {
    const above = persona('above', { constraints: [frequency('>=', -5)] });
    const below = persona('below', { constraints: [frequency('in', [-10, 5])] });
    const away = persona('away', { constraints: [frequency('not_in', [-10, 5])] });
    const terms = [
      { persona: below, weight: 0.4 },
      { persona: away, weight: 0.3 },
      { persona: freeze, weight: 0.2 },
      { persona: fast, weight: 0.1 },
    ];
    expect(failure(() => blendPersonas(terms))).toBe(
      'constraints conflict on "deployment_frequency": "below" requires deployment_frequency in [-10, 5] but "away" requires deployment_frequency not_in [-10, 5] (on-conflict weighted would keep the higher-weight persona\'s constraints)',
    );
    const weighted = blendPersonas([...terms, { persona: above, weight: 0.05 }], { onConflict: 'weighted' });
    expect(weighted.conflicts.filter((k) => k.parameter === 'deployment_frequency').map((k) => [k.dropped_from, k.kept_from, k.message])).toEqual([
      ['away', ['freeze', 'below'], 'dropped "away" (weight 0.3): deployment_frequency not_in [-10, 5] conflicts with "freeze", "below"'],
      ['fast', ['freeze'], expect.stringContaining('a freeze wins')],
      ['above', ['freeze', 'below'], 'dropped "above" (weight 0.05): deployment_frequency >= -5 conflicts with "freeze", "below"'],
    ]);
  });

  it.each(CONFLICT_POLICIES)('%s: others that each hold with the freeze but not all together are dropped by precedence', (onConflict) => {
    const above = persona('above', { constraints: [frequency('>=', -5)] });
    const below = persona('below', { constraints: [frequency('in', [-10, 5])] });
    const blended = blendPersonas(
      [
        { persona: below, weight: 0.5 },
        { persona: above, weight: 0.4 },
        { persona: freeze, weight: 0.1 },
      ],
      { onConflict },
    );
    expect(blended.constraints).toEqual([
      { parameter: 'deployment_frequency', operator: '<=', value: 0, from: ['freeze'] },
      { parameter: 'deployment_frequency', operator: '=', value: -10, from: ['below'] },
      { parameter: 'strategy', operator: '=', value: 'none', from: ['freeze'] },
    ]);
    const why =
      onConflict === 'strict'
        ? '; "freeze" closes deployments (deployment_frequency <= 0), and a freeze wins whatever its weight and the on-conflict policy'
        : '';
    expect(blended.conflicts).toEqual([
      {
        parameter: 'deployment_frequency',
        dropped_from: 'above',
        dropped: [frequency('>=', -5)],
        kept_from: ['freeze', 'below'],
        message: `dropped "above" (weight 0.4): deployment_frequency >= -5 conflicts with "freeze", "below"${why}`,
      },
    ]);
  });

  it.each(CONFLICT_POLICIES)('%s: closing constraints that clash keep the first in precedence; the blend stays closed', (onConflict) => {
    const zero = persona('zero', { constraints: [frequency('=', 0)] });
    const negative = persona('negative', { constraints: [frequency('<', 0)] });
    const blended = blendPersonas(
      [
        { persona: fast, weight: 0.5 },
        { persona: negative, weight: 0.2 },
        { persona: zero, weight: 0.3 },
      ],
      { onConflict },
    );
    expect(blended.constraints.filter((k) => k.parameter === 'deployment_frequency')).toEqual([
      { parameter: 'deployment_frequency', operator: '=', value: 0, from: ['zero'] },
    ]);
    expect(blended.conflicts.filter((k) => k.parameter === 'deployment_frequency').map((k) => k.message)).toEqual([
      'dropped "fast" (weight 0.5): deployment_frequency >= 10 conflicts with "zero"; "zero" closes deployments (deployment_frequency = 0), and a freeze wins whatever its weight and the on-conflict policy',
      'dropped "negative" (weight 0.2): deployment_frequency < 0 conflicts with "zero", which also closes deployments: the blend stays closed',
    ]);
  });

  it('several closing personas are named together', () => {
    const lockdown = persona('lockdown', { constraints: [strategy('in', ['none'])] });
    const blended = blendPersonas([
      { persona: fast, weight: 0.6 },
      { persona: freeze, weight: 0.2 },
      { persona: lockdown, weight: 0.2 },
    ]);
    expect(blended.constraints.filter((k) => k.parameter === 'strategy')).toEqual([
      { parameter: 'strategy', operator: '=', value: 'none', from: ['freeze', 'lockdown'] },
    ]);
    expect(blended.conflicts.find((k) => k.parameter === 'strategy')?.message).toBe(
      'dropped "fast" (weight 0.6): strategy = canary conflicts with "freeze", "lockdown"; "freeze", "lockdown" close deployments (strategy = none and strategy in [none]), and a freeze wins whatever its weight and the on-conflict policy',
    );
  });

  it.each(CONFLICT_POLICIES)('%s: a persona whose own constraints clash is still an error, closing or not', (onConflict) => {
    const broken = persona('broken', { constraints: [frequency('<=', 0), frequency('>=', 1)] });
    const message =
      'persona "broken" has constraints on "deployment_frequency" that cannot all hold: deployment_frequency <= 0 and deployment_frequency >= 1 (no value is both >= 1 and <= 0)';
    const terms = [
      { persona: fast, weight: 0.5 },
      { persona: broken, weight: 0.5 },
    ];
    expect(failure(() => blendPersonas(terms, { onConflict }))).toBe(message);
    const stubborn = persona('stubborn', { constraints: [strategy('=', 'canary'), strategy('=', 'rolling')] });
    expect(
      failure(() =>
        blendPersonas(
          [
            { persona: freeze, weight: 0.5 },
            { persona: stubborn, weight: 0.5 },
          ],
          { onConflict },
        ),
      ),
    ).toMatch(/^persona "stubborn" has constraints on "strategy" that cannot all hold/);
  });

  it('the conflicts are in parameter order, then precedence, whatever order the personas come in', () => {
    const canary = persona('canary', { risk_tolerance: 'high', constraints: [strategy('=', 'canary')] });
    const terms = [
      { persona: freeze, weight: 0.2 },
      { persona: canary, weight: 0.3 },
      { persona: fast, weight: 0.3 },
      { persona: persona('idle', { constraints: [frequency('<=', 0)] }), weight: 0.2 },
    ];
    const runs = [terms, [...terms].reverse(), [terms[2]!, terms[0]!, terms[3]!, terms[1]!]].map((order) => blendPersonas(order, { onConflict: 'weighted' }));
    for (const run of runs) expect(run).toEqual(runs[0]);
    expect(runs[0]!.conflicts.map((k) => [k.parameter, k.dropped_from, k.kept_from])).toEqual([
      ['strategy', 'canary', ['freeze']],
      ['strategy', 'fast', ['freeze']],
      ['deployment_frequency', 'fast', ['freeze', 'idle']],
    ]);
  });
});
