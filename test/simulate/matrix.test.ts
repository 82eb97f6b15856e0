import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { expandMatrix, MAX_COMBINATIONS } from '../../src/simulate/matrix.js';

describe('expandMatrix', () => {
  it('takes the product of the axes, in order', () => {
    expect(expandMatrix({ os: ['linux', 'mac'], node: [20, 24] }, 'job t')).toEqual([
      { os: 'linux', node: 20 },
      { os: 'linux', node: 24 },
      { os: 'mac', node: 20 },
      { os: 'mac', node: 24 },
    ]);
  });

  it('removes every combination an exclude entry matches (partial entries too)', () => {
    expect(expandMatrix({ os: ['linux', 'mac'], node: [20, 24], exclude: [{ os: 'mac', node: 20 }] }, 'job t')).toEqual([
      { os: 'linux', node: 20 },
      { os: 'linux', node: 24 },
      { os: 'mac', node: 24 },
    ]);
    expect(expandMatrix({ os: ['linux', 'mac'], node: [20, 24], exclude: [{ os: 'mac' }] }, 'job t')).toEqual([
      { os: 'linux', node: 20 },
      { os: 'linux', node: 24 },
    ]);
  });

  it('extends matching combinations with an include entry without overwriting original values', () => {
    const out = expandMatrix({ os: ['linux', 'mac'], node: [20, 24], include: [{ os: 'mac', experimental: true }] }, 'job t');
    expect(out).toEqual([
      { os: 'linux', node: 20 },
      { os: 'linux', node: 24 },
      { os: 'mac', node: 20, experimental: true },
      { os: 'mac', node: 24, experimental: true },
    ]);
  });

  it('adds an include entry that matches no combination as a combination of its own', () => {
    const out = expandMatrix({ os: ['linux'], node: [24], include: [{ os: 'windows', node: 22 }] }, 'job t');
    expect(out).toEqual([
      { os: 'linux', node: 24 },
      { os: 'windows', node: 22 },
    ]);
  });

  it('expands an include-only matrix, as fromJSON hands it over', () => {
    const matrix = JSON.parse('{"include":[{"tier":"unit","shard":1},{"tier":"e2e","shard":2}]}') as Record<string, never>;
    expect(expandMatrix(matrix, 'job test')).toEqual([
      { tier: 'unit', shard: 1 },
      { tier: 'e2e', shard: 2 },
    ]);
  });

  it('rejects a matrix that is not a mapping, naming the job', () => {
    for (const bad of ['unit', ['a'], null]) {
      expect(() => expandMatrix(bad, 'job test')).toThrow(ConfigurationError);
      expect(() => expandMatrix(bad, 'job test')).toThrow(/job test: strategy\.matrix must be a mapping/);
    }
  });

  it('rejects an empty axis and a non-list include', () => {
    expect(() => expandMatrix({ tier: [] }, 'job test')).toThrow(/matrix tier must be a non-empty list/);
    expect(() => expandMatrix({ tier: 'unit' }, 'job test')).toThrow(/matrix tier must be a non-empty list/);
    expect(() => expandMatrix({ tier: ['unit'], include: { a: 1 } }, 'job test')).toThrow(/include and exclude must be lists/);
  });

  it('rejects a matrix with no combination left', () => {
    expect(() => expandMatrix({}, 'job test')).toThrow(/no combination/);
    expect(() => expandMatrix({ tier: ['unit'], exclude: [{ tier: 'unit' }] }, 'job test')).toThrow(/no combination/);
  });

  it(`rejects more than ${MAX_COMBINATIONS} combinations and accepts exactly that many`, () => {
    const axis = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(expandMatrix({ a: axis(16), b: axis(16) }, 'job big')).toHaveLength(256);
    expect(() => expandMatrix({ a: axis(16), b: axis(17) }, 'job big')).toThrow(/job big: the matrix has 272 combinations; GitHub runs at most 256/);
  });
});
