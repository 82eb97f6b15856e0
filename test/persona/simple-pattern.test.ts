import { describe, expect, it } from '@jest/globals';
import { createPatternEngine } from '../../src/edge/pattern-engine-re2.js';
import { patternProblem } from '../../src/persona/pattern-engine.js';
import { isSimplePattern } from '../../src/persona/simple-pattern.js';
import { prng } from '../../bench/synthetic-library.js';

const engine = createPatternEngine();

/** A random pattern over the pieces the plain subset is made of, and some it is not. */
function randomPattern(rand: () => number): string {
  const atoms = ['a', 'Z', '9', '.', '\\d', '\\w', '\\s', '\\.', '[a-z]', '[^0-9]', '-', '/', ' ', '\\/', '[\\w.-]', '\\(', '\\\\'];
  const quantifiers = ['', '', '', '*', '+', '?', '*?', '{2}', '{1,}', '{0,3}', '{100}', '{101}', '{3,2}'];
  const piece = (depth: number): string => {
    const r = rand();
    if (r < 0.15 && depth < 4)
      return `(${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => piece(depth + 1)).join('')})${quantifiers[Math.floor(rand() * quantifiers.length)]}`;
    if (r < 0.2) return '|';
    if (r < 0.25) return rand() < 0.5 ? '^' : '$';
    return atoms[Math.floor(rand() * atoms.length)]! + quantifiers[Math.floor(rand() * quantifiers.length)]!;
  };
  return Array.from({ length: 1 + Math.floor(rand() * 8) }, () => piece(0)).join('');
}

describe('isSimplePattern', () => {
  it('accepts the patterns persona files usually hold', () => {
    for (const p of ['^(main|release/.+)$', '^[a-z]{1,}', '^v\\d+\\.\\d+$', 'eu-.*', '^[\\w.-]+$']) expect(isSimplePattern(p)).toBe(true);
  });

  it('leaves to the engine what it cannot bound without compiling', () => {
    for (const p of ['(a)\\1', '(?=a)', '(?i)main', '(ab){5}', 'a{101}', 'x'.repeat(201), '\\bword', '\\p{L}', 'a{3,2}'])
      expect(isSimplePattern(p)).toBe(false);
  });

  it('only ever says yes to a pattern re2js compiles within the instruction limit (2,000 random patterns)', () => {
    const rand = prng(7);
    let simple = 0;
    for (let i = 0; i < 2_000; i++) {
      const pattern = randomPattern(rand);
      if (!isSimplePattern(pattern)) continue;
      simple++;
      expect({ pattern, problem: patternProblem(pattern, engine) }).toEqual({ pattern, problem: undefined });
    }
    expect(simple).toBeGreaterThan(300); // the generator really exercises the subset
  });
});
