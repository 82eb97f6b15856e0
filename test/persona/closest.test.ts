import { closest, didYouMean, editDistance } from '../../src/persona/closest.js';

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['same', 'same', 0],
    ['weight', 'wieght', 2],
    ['flaw', 'lawn', 2],
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest', () => {
  const ids = ['security-first', 'cost-optimization', 'fast-lane', 'safe-mode'];

  it('finds a misspelt id', () => {
    expect(closest('securty-first', ids)).toEqual(['security-first']);
    expect(closest('cost-optimisation', [...ids, 'c'])).toEqual(['cost-optimization']);
  });

  it('matches a prefix either way', () => {
    expect(closest('cost', ids)).toEqual(['cost-optimization']);
    expect(closest('fast-lane-v2', ids)).toEqual(['fast-lane']);
  });

  it('orders nearest first, then alphabetically, and keeps at most `limit`', () => {
    expect(closest('aaaa', ['baaa', 'abaa', 'aaba', 'aaab'])).toEqual(['aaab', 'aaba', 'abaa']);
    expect(closest('aaaa', ['baaa', 'abaa', 'aaba', 'aaab'], 2)).toEqual(['aaab', 'aaba']);
    expect(closest('fast', ['fast-lane', 'fastest', 'faster'])).toEqual(['faster', 'fastest', 'fast-lane']);
  });

  it('suggests nothing unrelated', () => {
    expect(closest('xyz', ids)).toEqual([]);
    expect(closest('zzz-unrelated-thing', ids)).toEqual([]);
    expect(closest('<<', ['id', 'name'])).toEqual([]);
  });

  it('allows up to a third of the word, at least 2 edits', () => {
    expect(closest('wieght', ['metric', 'weight'])).toEqual(['weight']);
    expect(closest('risk_tolerence', ['risk_tolerance', 'description'])).toEqual(['risk_tolerance']);
    expect(closest('abcdefghi', ['abcdefxyz', 'abcdefgxy'])).toEqual(['abcdefgxy', 'abcdefxyz']);
    expect(closest('abcdefghi', ['abcdewxyz'])).toEqual([]);
  });
});

describe('didYouMean', () => {
  it('lists the closest candidates, quoted, nearest first', () => {
    expect(didYouMean('wieght', ['metric', 'weight'])).toBe(' (did you mean "weight"?)');
    expect(didYouMean('aaaa', ['baaa', 'abaa', 'aaba', 'aaab'])).toBe(' (did you mean "aaab", "aaba", "abaa"?)');
    expect(didYouMean('aaaa', ['baaa', 'abaa', 'aaba', 'aaab'], 1)).toBe(' (did you mean "aaab"?)');
  });

  it('is empty when nothing is close', () => {
    expect(didYouMean('xyz', ['security-first', 'cost-optimization'])).toBe('');
    expect(didYouMean('x', [])).toBe('');
  });
});
