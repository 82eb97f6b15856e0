import { syntheticPlan } from '../../bench/plan-workload.js';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { filterOptions } from '../../src/planning/filter-options.js';
import { optionFilter } from '../../src/planning/option-constraints.js';

describe('filterOptions (constraint by constraint) decides exactly as optionFilter (option by option)', () => {
  it('on the 10,000-option workload: the same candidates, places and rejections, in catalog order', () => {
    const { catalog, persona } = syntheticPlan();
    const engine = createPatternEngine();
    const reject = optionFilter(catalog, persona.constraints, engine);
    const expected = { candidates: [] as string[], positions: [] as number[], rejected: [] as unknown[] };
    catalog.options.forEach((o, i) => {
      const why = reject(o);
      if (why) expected.rejected.push(why);
      else {
        expected.candidates.push(o.id);
        expected.positions.push(i);
      }
    });
    const got = filterOptions(catalog, persona.constraints, engine);
    expect({ ...got, candidates: got.candidates.map((o) => o.id) }).toEqual(expected);
    expect(got.rejected.length).toBeGreaterThan(5000);
  });

  it('on the built-in build catalog with constraints from two personas, the first constraint in order names the rejection', () => {
    const constraints = [
      { parameter: 'optimization_level', operator: '<=' as const, value: 2, from: ['cost'] },
      { parameter: 'hardening', operator: '=' as const, value: false, from: ['fast'] },
    ];
    const got = filterOptions(BUILTIN_CATALOGS.build, constraints);
    expect(got.candidates.map((o) => o.id)).toEqual(['debug', 'fast', 'release', 'size']);
    expect(got.rejected.map((r) => [r.id, r.from])).toEqual([
      ['max-performance', ['cost']],
      ['hardened', ['fast']],
    ]);
  });
});
