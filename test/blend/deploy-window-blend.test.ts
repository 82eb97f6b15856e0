/** deploy_window is never combined across personas: each persona's windows are kept with their provenance, under both policies. */
import { blendPersonas } from '../../src/blend/blend.js';
import type { ConflictPolicy } from '../../src/blend/blend-constraints.js';
import type { Constraint } from '../../src/persona/persona.js';
import { persona, replicas } from './fixtures.js';

const windows = (value: string[], operator: Constraint['operator'] = 'in'): Constraint => ({ parameter: 'deploy_window', operator, value });
const POLICIES: ConflictPolicy[] = ['strict', 'weighted'];
const onWindows = (constraints: ReturnType<typeof blendPersonas>['constraints']) => constraints.filter((c) => c.parameter === 'deploy_window');

describe('blendPersonas: deploy_window', () => {
  it.each(POLICIES)('%s: keeps two different window lists apart, each with its persona, and reports no conflict', (onConflict) => {
    const office = persona('office', { constraints: [windows(['Mon-Fri 09:00-17:00']), replicas('>=', 2)] });
    const weekend = persona('weekend', { constraints: [windows(['Sat 10:00-12:00 Europe/Berlin', 'Sun 10:00-12:00'])] });
    const blended = blendPersonas(
      [
        { persona: office, weight: 0.7 },
        { persona: weekend, weight: 0.3 },
      ],
      { onConflict },
    );
    // These lists share no window: combined as a set constraint they would clash, but windows are checked one persona at a time at deploy time.
    expect(blended.conflicts).toEqual([]);
    expect(onWindows(blended.constraints)).toEqual([
      { parameter: 'deploy_window', operator: 'in', value: ['Mon-Fri 09:00-17:00'], from: ['office'] },
      { parameter: 'deploy_window', operator: 'in', value: ['Sat 10:00-12:00 Europe/Berlin', 'Sun 10:00-12:00'], from: ['weekend'] },
    ]);
    expect(blended.constraints).toContainEqual({ parameter: 'replicas', operator: '>=', value: 2, from: ['office'] });
  });

  it.each(POLICIES)('%s: keeps a window list and a blackout of different personas, even when the blackout covers the window', (onConflict) => {
    const a = persona('a', { constraints: [windows(['Fri 16:00-18:00'])] });
    const b = persona('b', { constraints: [windows(['Fri 16:00-18:00'], 'not_in')] });
    const blended = blendPersonas(
      [
        { persona: a, weight: 0.5 },
        { persona: b, weight: 0.5 },
      ],
      { onConflict },
    );
    expect(blended.conflicts).toEqual([]);
    expect(onWindows(blended.constraints).map((c) => [c.operator, c.from])).toEqual(
      expect.arrayContaining([
        ['in', ['a']],
        ['not_in', ['b']],
      ]),
    );
    expect(onWindows(blended.constraints)).toHaveLength(2);
  });

  it.each(POLICIES)('%s: merges identical window constraints into one naming both personas', (onConflict) => {
    const same = ['Mon-Fri 09:00-17:00', 'Sat 10:00-12:00'];
    const a = persona('a', { constraints: [windows(same)] });
    const b = persona('b', { constraints: [windows([...same])] });
    const blended = blendPersonas(
      [
        { persona: a, weight: 0.4 },
        { persona: b, weight: 0.6 },
      ],
      { onConflict },
    );
    expect(blended.conflicts).toEqual([]);
    const kept = onWindows(blended.constraints);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ operator: 'in', value: same });
    expect([...kept[0]!.from].sort()).toEqual(['a', 'b']);
  });

  it('does not change the personas it blends', () => {
    const a = persona('a', { constraints: [windows(['Mon 09:00-10:00'])] });
    const b = persona('b', { constraints: [windows(['Mon 09:00-10:00'])] });
    const before = JSON.stringify([a, b]);
    blendPersonas([
      { persona: a, weight: 0.5 },
      { persona: b, weight: 0.5 },
    ]);
    blendPersonas([
      { persona: a, weight: 0.5 },
      { persona: b, weight: 0.5 },
    ]);
    expect(JSON.stringify([a, b])).toBe(before);
  });
});
