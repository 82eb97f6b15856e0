import { describe, expect, it } from '@jest/globals';
import { ReleaseError } from '../../scripts/release/release-error.mjs';
import { compareVersions, movingTagFor, newerReleaseInLine, parseReleaseTag } from '../../scripts/release/version.mjs';

describe('parseReleaseTag', () => {
  it('parses vMAJOR.MINOR.PATCH', () => {
    expect(parseReleaseTag('v0.2.10')).toEqual({ tag: 'v0.2.10', version: '0.2.10', major: 0, minor: 2, patch: 10 });
    expect(parseReleaseTag('v12.0.3')).toMatchObject({ major: 12, minor: 0, patch: 3 });
  });

  it.each(['0.2.0', 'v0.2', 'v1', 'v01.2.3', 'v1.02.3', 'v1.2.03', 'V1.2.3', 'v1.2.3.4', ' v1.2.3', 'v1.2.3\n', 'release-1.2.3', ''])('refuses %j', (tag) => {
    expect(() => parseReleaseTag(tag)).toThrow(ReleaseError);
    expect(() => parseReleaseTag(tag)).toThrow(/is not a release tag: expected vMAJOR\.MINOR\.PATCH/);
  });

  it.each(['v1.0.0-rc.1', 'v0.3.0-beta', 'v1.2.3+build.5'])('refuses the pre-release or build tag %s, saying why', (tag) => {
    expect(() => parseReleaseTag(tag)).toThrow(/pre-release and build tags are not released by this script/);
  });
});

describe('movingTagFor', () => {
  it('is v0.MINOR before 1.0', () => {
    expect(movingTagFor(parseReleaseTag('v0.1.0'))).toBe('v0.1');
    expect(movingTagFor(parseReleaseTag('v0.12.7'))).toBe('v0.12');
  });

  it('is vMAJOR from 1.0 on', () => {
    expect(movingTagFor(parseReleaseTag('v1.0.0'))).toBe('v1');
    expect(movingTagFor(parseReleaseTag('v2.5.1'))).toBe('v2');
  });
});

describe('compareVersions', () => {
  it('orders by major, then minor, then patch, numerically', () => {
    const order = ['v0.1.0', 'v0.1.2', 'v0.1.10', 'v0.2.0', 'v0.10.0', 'v1.0.0', 'v1.0.1'].map(parseReleaseTag);
    const shuffled = [order[4], order[1], order[6], order[0], order[3], order[5], order[2]].map((v) => v!);
    expect(shuffled.sort(compareVersions).map((v) => v.tag)).toEqual(order.map((v) => v.tag));
    expect(compareVersions(parseReleaseTag('v0.3.1'), parseReleaseTag('v0.3.1'))).toBe(0);
  });
});

describe('newerReleaseInLine', () => {
  const tags = ['v0.1', 'v0.1.0', 'v0.2', 'v0.2.0', 'v0.2.1', 'v0.2.3-rc.1', 'v0.3.0', 'v1', 'v1.0.0', 'v1.4.0', 'v2.0.0', 'nightly'];

  it('finds the newest newer release with the same moving tag', () => {
    expect(newerReleaseInLine(parseReleaseTag('v0.2.0'), tags)).toBe('v0.2.1');
    expect(newerReleaseInLine(parseReleaseTag('v1.0.0'), tags)).toBe('v1.4.0');
  });

  it('is undefined for the newest release of a line, whatever other lines hold', () => {
    expect(newerReleaseInLine(parseReleaseTag('v0.2.1'), tags)).toBeUndefined();
    expect(newerReleaseInLine(parseReleaseTag('v0.2.2'), tags)).toBeUndefined();
    expect(newerReleaseInLine(parseReleaseTag('v0.1.0'), tags)).toBeUndefined();
    expect(newerReleaseInLine(parseReleaseTag('v2.0.0'), tags)).toBeUndefined();
  });
});
