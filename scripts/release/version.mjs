// Release tags and the moving tag that follows them (CONTRIBUTING.md, "Versioning").
// Pure functions: no I/O, so they are unit-tested directly.

import { ReleaseError } from './release-error.mjs';

const RELEASE_TAG = /^v(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const PRERELEASE_TAG = /^v\d+\.\d+\.\d+[-+]/;

/**
 * Parses a release tag `vMAJOR.MINOR.PATCH` (semver, no leading zeros).
 * Pre-release and build tags (`v1.0.0-rc.1`, `v1.0.0+build`) are refused on
 * purpose: a pre-release must never move a tag that users pin.
 * @param {string} tag
 * @returns {import('./version.d.mts').ReleaseVersion}
 * @throws {ReleaseError} when the tag is not a plain release tag.
 */
export function parseReleaseTag(tag) {
  const match = RELEASE_TAG.exec(tag);
  if (!match) {
    const hint = PRERELEASE_TAG.test(tag)
      ? 'pre-release and build tags are not released by this script (they would move a tag that users pin)'
      : 'expected vMAJOR.MINOR.PATCH, e.g. v0.2.0';
    throw new ReleaseError(`${JSON.stringify(tag)} is not a release tag: ${hint}`);
  }
  const [major, minor, patch] = match.slice(1).map(Number);
  return { tag, version: `${major}.${minor}.${patch}`, major, minor, patch };
}

/**
 * The moving tag a release updates: `v0.MINOR` before 1.0 (a breaking change
 * bumps MINOR), `vMAJOR` from 1.0 on.
 * @param {import('./version.d.mts').ReleaseVersion} release
 * @returns {string}
 */
export function movingTagFor(release) {
  return release.major === 0 ? `v0.${release.minor}` : `v${release.major}`;
}

/**
 * Orders two versions: negative when `a` is older than `b`, 0 when equal.
 * @param {import('./version.d.mts').ReleaseVersion} a
 * @param {import('./version.d.mts').ReleaseVersion} b
 * @returns {number}
 */
export function compareVersions(a, b) {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * The newest of `tags` that is a release tag in the same moving line as
 * `release` (same moving tag) and newer than it, or undefined. Other tags
 * (the moving tags themselves, pre-releases, anything else) are ignored.
 * @param {import('./version.d.mts').ReleaseVersion} release
 * @param {readonly string[]} tags
 * @returns {string | undefined}
 */
export function newerReleaseInLine(release, tags) {
  const line = movingTagFor(release);
  let newest;
  for (const tag of tags) {
    if (!RELEASE_TAG.test(tag)) continue;
    const other = parseReleaseTag(tag);
    if (movingTagFor(other) !== line || compareVersions(other, release) <= 0) continue;
    if (!newest || compareVersions(other, newest) > 0) newest = other;
  }
  return newest?.tag;
}
