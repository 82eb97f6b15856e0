import { canonicalBlendId, parseBlendExpression, roundWeight, sortTerms } from '../../src/blend/blend-expression.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';

const HINT = '(expected an id, "a+b" or "a:0.6,b:0.4")';

/** The message a bad expression fails with. */
const failure = (expression: string, what?: string): string => {
  try {
    parseBlendExpression(expression, what);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to fail`);
};

describe('parseBlendExpression', () => {
  it('reads a single id with weight 1', () => {
    expect(parseBlendExpression('security-first')).toEqual([{ id: 'security-first', weight: 1 }]);
    expect(parseBlendExpression('  fast-lane  ')).toEqual([{ id: 'fast-lane', weight: 1 }]);
  });

  it('gives "a+b" equal weights', () => {
    expect(parseBlendExpression('security-first+cost-optimization')).toEqual([
      { id: 'security-first', weight: 0.5 },
      { id: 'cost-optimization', weight: 0.5 },
    ]);
    expect(parseBlendExpression('a + b + c').map((t) => t.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(parseBlendExpression('a, b')).toEqual([
      { id: 'a', weight: 0.5 },
      { id: 'b', weight: 0.5 },
    ]);
  });

  it('keeps weights that already sum to 1, in the order written', () => {
    expect(parseBlendExpression('security-first:0.6,cost-optimization:0.4')).toEqual([
      { id: 'security-first', weight: 0.6 },
      { id: 'cost-optimization', weight: 0.4 },
    ]);
    expect(parseBlendExpression('b:0.4, a : 0.6')).toEqual([
      { id: 'b', weight: 0.4 },
      { id: 'a', weight: 0.6 },
    ]);
  });

  it('normalises weights to sum 1', () => {
    expect(parseBlendExpression('a:1,b:3')).toEqual([
      { id: 'a', weight: 0.25 },
      { id: 'b', weight: 0.75 },
    ]);
    expect(parseBlendExpression('a:2,b:2,c:4')).toEqual([
      { id: 'a', weight: 0.25 },
      { id: 'b', weight: 0.25 },
      { id: 'c', weight: 0.5 },
    ]);
    expect(parseBlendExpression('solo:7')).toEqual([{ id: 'solo', weight: 1 }]);
  });

  it('accepts decimal forms: .5, 5., 1e0, 1e-1', () => {
    expect(parseBlendExpression('a:.5,b:5.').map((t) => t.weight)).toEqual([0.5 / 5.5, 5 / 5.5]);
    expect(parseBlendExpression('a:1,b:1e0').map((t) => t.weight)).toEqual([0.5, 0.5]);
    expect(parseBlendExpression('a:1e-1,b:0.1').map((t) => t.weight)).toEqual([0.5, 0.5]);
  });

  it('rejects an empty expression', () => {
    expect(failure('')).toBe(`persona: empty blend expression in "" ${HINT}`);
    expect(failure('   ')).toBe(`persona: empty blend expression in "   " ${HINT}`);
  });

  it('rejects empty terms', () => {
    expect(failure('a+')).toBe(`persona: empty term in "a+" ${HINT}`);
    expect(failure('a:1,,b:1')).toBe(`persona: empty term in "a:1,,b:1" ${HINT}`);
  });

  it('rejects mixing "+" and ":"', () => {
    expect(failure('a+b:1')).toBe(`persona: mixes "+" and ":" weights in "a+b:1" ${HINT}`);
  });

  it('gives "a,b" equal weights, the same blend as "a+b"', () => {
    expect(parseBlendExpression('a,b,c').map((t) => t.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(canonicalBlendId(parseBlendExpression('security-first,cost-optimization'))).toBe(
      canonicalBlendId(parseBlendExpression('security-first+cost-optimization')),
    );
  });

  it('rejects mixing "+" and "," in an equal blend', () => {
    expect(failure('a+b,c')).toBe(`persona: mixes "+" and "," (an equal blend is "a+b+c" or "a,b,c") in "a+b,c" ${HINT}`);
    expect(failure('a,b+c')).toBe(`persona: mixes "+" and "," (an equal blend is "a+b+c" or "a,b,c") in "a,b+c" ${HINT}`);
  });

  it('rejects a weighted expression with an unweighted term, naming a weighted one', () => {
    const hint = 'has one (weight every term, or none for an equal blend)';
    expect(failure('a:0.6,b')).toBe(`persona: term "b" has no weight while "a" ${hint} in "a:0.6,b" ${HINT}`);
    expect(failure('a,b:0.4')).toBe(`persona: term "a" has no weight while "b" ${hint} in "a,b:0.4" ${HINT}`);
    expect(failure('a:1,b,c:2')).toBe(`persona: term "b" has no weight while "a" ${hint} in "a:1,b,c:2" ${HINT}`);
  });

  it('rejects a term whose weight is missing after the colon', () => {
    expect(failure('a:1,b:')).toBe(`persona: term "b:" has no weight in "a:1,b:" ${HINT}`);
  });

  it('rejects a zero weight', () => {
    expect(failure('a:0,b:1')).toBe(`persona: weight of "a" must be greater than 0, got 0 in "a:0,b:1" ${HINT}`);
    expect(failure('a:1,b:0.0')).toBe(`persona: weight of "b" must be greater than 0, got 0.0 in "a:1,b:0.0" ${HINT}`);
  });

  it('rejects a negative weight as not greater than 0', () => {
    expect(failure('a:-1,b:1')).toBe(`persona: weight of "a" must be greater than 0, got -1 in "a:-1,b:1" ${HINT}`);
    expect(failure('a:-0.5,b:2')).toBe(`persona: weight of "a" must be greater than 0, got -0.5 in "a:-0.5,b:2" ${HINT}`);
  });

  it.each(['NaN', 'Infinity', '0x10', 'abc', '1/2', '1..2'])('rejects the non-number weight %s', (w) => {
    expect(failure(`a:${w},b:1`)).toBe(`persona: weight "${w}" of "a" is not a number in "a:${w},b:1" ${HINT}`);
  });

  it('rejects the same id twice', () => {
    expect(failure('a+a')).toBe(`persona: "a" appears twice in "a+a" ${HINT}`);
    expect(failure('a:1,b:1,a:2')).toBe(`persona: "a" appears twice in "a:1,b:1,a:2" ${HINT}`);
  });

  it('rejects ids that are not slugs', () => {
    expect(failure('Security+cost')).toBe(`persona: "Security" is not a persona id in "Security+cost" ${HINT}`);
    expect(failure('-a:1,b:1')).toBe(`persona: "-a" is not a persona id in "-a:1,b:1" ${HINT}`);
    expect(failure('cost optimization')).toBe(`persona: "cost optimization" is not a persona id in "cost optimization" ${HINT}`);
  });

  it('names the input in errors', () => {
    expect(failure('', 'input "fallback-persona"')).toBe(`input "fallback-persona": empty blend expression in "" ${HINT}`);
  });
});

describe('canonical ids', () => {
  it('keeps a single persona id', () => {
    expect(canonicalBlendId(parseBlendExpression('security-first'))).toBe('security-first');
    expect(canonicalBlendId(parseBlendExpression('security-first:3'))).toBe('security-first');
  });

  it('orders by descending weight, then id', () => {
    expect(canonicalBlendId(parseBlendExpression('cost-optimization:0.4,security-first:0.6'))).toBe('security-first:0.6,cost-optimization:0.4');
    expect(canonicalBlendId(parseBlendExpression('z+a'))).toBe('a:0.5,z:0.5');
    expect(canonicalBlendId(parseBlendExpression('b:1,c:2,a:1'))).toBe('c:0.5,a:0.25,b:0.25');
  });

  it('is the same for equivalent expressions', () => {
    const ids = ['a:0.6,b:0.4', 'b:2,a:3', 'b : 0.4 , a : 0.6', 'a:60,b:40'].map((e) => canonicalBlendId(parseBlendExpression(e)));
    expect(new Set(ids)).toEqual(new Set(['a:0.6,b:0.4']));
  });

  it('rounds weights to 4 decimals', () => {
    expect(canonicalBlendId(parseBlendExpression('a+b+c'))).toBe('a:0.3333,b:0.3333,c:0.3333');
    expect(canonicalBlendId(parseBlendExpression('a:1,b:2'))).toBe('b:0.6667,a:0.3333');
  });

  it('refuses a share too small to write with 4 decimals, so every canonical id reads back as itself', () => {
    expect(() => parseBlendExpression('a:1,b:99999')).toThrow('weight of "a" is less than 0.00005 of the total');
    for (const e of ['a+b+c', 'a:1,b:2', 'a:0.00006,b:1', 'a:3,b:3,c:1', 'a:1e308,b:1e308', 'a:1e-300,b:3e-300']) {
      const id = canonicalBlendId(parseBlendExpression(e));
      expect(canonicalBlendId(parseBlendExpression(id))).toBe(id);
    }
  });

  it('normalises huge and tiny weights without overflow', () => {
    expect(parseBlendExpression('a:1e308,b:1e308')).toEqual([
      { id: 'a', weight: 0.5 },
      { id: 'b', weight: 0.5 },
    ]);
    expect(canonicalBlendId(parseBlendExpression('a:1e-300,b:3e-300'))).toBe('b:0.75,a:0.25');
  });

  it('roundWeight and sortTerms', () => {
    expect(roundWeight(2 / 3)).toBe(0.6667);
    expect(roundWeight(0.123456789, 6)).toBe(0.123457);
    expect(roundWeight(0.7499999999999999)).toBe(0.75);
    const terms = [
      { id: 'b', weight: 0.25 },
      { id: 'c', weight: 0.5 },
      { id: 'a', weight: 0.25 },
    ];
    expect(sortTerms(terms).map((t) => t.id)).toEqual(['c', 'a', 'b']);
    expect(terms.map((t) => t.id)).toEqual(['b', 'c', 'a']);
  });
});
