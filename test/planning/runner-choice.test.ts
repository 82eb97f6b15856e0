import { chooseRunner, orderedSizes } from '../../src/planning/runner-choice.js';

describe('chooseRunner', () => {
  const map = { small: 'ubuntu-latest', large: ['self-hosted', 'linux', 'x64-16core'], medium: 'ubuntu-latest-4-cores' };

  it('suggests nothing without a map, or with an empty one (an unknown label would queue the job for a day), or without a size', () => {
    expect(chooseRunner('large')).toBeUndefined();
    expect(chooseRunner('large', {})).toBeUndefined();
    expect(chooseRunner(undefined, map)).toBeUndefined();
  });

  it('takes the exact size, a string becoming a one-label list', () => {
    expect(chooseRunner('small', map)).toEqual({ size: 'small', labels: ['ubuntu-latest'] });
    expect(chooseRunner('large', map)).toEqual({ size: 'large', labels: ['self-hosted', 'linux', 'x64-16core'] });
  });

  it('else the next larger size the map has', () => {
    expect(chooseRunner('medium', { small: 's', large: 'l', xlarge: 'x' })).toEqual({ size: 'large', labels: ['l'] });
    expect(chooseRunner('small', { xlarge: 'x', large: 'l' })).toEqual({ size: 'large', labels: ['l'] });
    expect(chooseRunner('xlarge', { small: 's', '4xlarge': 'x4', '2xlarge': 'x2' })).toEqual({ size: '2xlarge', labels: ['x2'] });
  });

  it('else the largest the map has', () => {
    expect(chooseRunner('xlarge', { small: 's', medium: 'm' })).toEqual({ size: 'medium', labels: ['m'] });
    expect(chooseRunner('huge', { medium: 'm', small: 's' })).toEqual({ size: 'medium', labels: ['m'] });
  });

  it('orders other keys after the known sizes, in map order', () => {
    expect(orderedSizes({ gpu: 'g', large: 'l', arm: 'a', small: 's', '2xlarge': 'x2', xlarge: 'x' })).toEqual([
      'small',
      'large',
      'xlarge',
      '2xlarge',
      'gpu',
      'arm',
    ]);
    expect(chooseRunner('large', { small: 's', gpu: 'g' })).toEqual({ size: 'gpu', labels: ['g'] });
    expect(chooseRunner('gpu', { small: 's', gpu: 'g' })).toEqual({ size: 'gpu', labels: ['g'] });
  });

  it('does not read inherited keys as sizes, and copies the labels', () => {
    const own = { small: ['a'] };
    expect(chooseRunner('constructor', own)).toEqual({ size: 'small', labels: ['a'] });
    expect(chooseRunner('__proto__', own)).toEqual({ size: 'small', labels: ['a'] });
    chooseRunner('small', own)!.labels.push('b');
    expect(own.small).toEqual(['a']);
  });

  it('stays linear on a large map', () => {
    const big = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`pool-${i}`, `label-${i}`]));
    const started = performance.now();
    expect(chooseRunner('large', { ...big, small: 's' })).toEqual({ size: 'pool-0', labels: ['label-0'] });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
