// The release procedure: check everything first (planRelease), then act (applyRelease).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { extractReleaseNotes } from './changelog.mjs';
import { commitOf, fileAt, git } from './git.mjs';
import { ReleaseError } from './release-error.mjs';
import { movingTagFor, newerReleaseInLine, parseReleaseTag } from './version.mjs';

/**
 * Checks a release without changing anything: the tag is a release tag and
 * exists, package.json at the tagged commit has its version, CHANGELOG.md at
 * that commit has its notes. Works out which moving tag follows it and
 * whether a newer release of the same line already holds that tag.
 * @param {string} tag e.g. `v0.2.0`
 * @param {string} cwd a directory of the git checkout
 * @returns {import('./steps.d.mts').ReleasePlan}
 * @throws {ReleaseError} for the first problem found.
 */
export function planRelease(tag, cwd) {
  const release = parseReleaseTag(tag);
  const commit = commitOf(`refs/tags/${tag}`, cwd);
  if (!commit) throw new ReleaseError(`tag ${tag} does not exist in this checkout (fetch tags, e.g. actions/checkout with fetch-depth: 0)`);
  checkPackageVersion(release, commit, cwd);
  const changelog = fileAt(commit, 'CHANGELOG.md', cwd);
  if (changelog === undefined) throw new ReleaseError(`the commit of ${tag} has no CHANGELOG.md`);
  const notes = extractReleaseNotes(changelog, release.version);
  const movingTag = movingTagFor(release);
  const newer = newerReleaseInLine(release, git(['tag', '--list', 'v*'], cwd).split('\n').filter(Boolean));
  return { release, commit, notes, movingTag, movingFrom: commitOf(`refs/tags/${movingTag}`, cwd), newerRelease: newer };
}

function checkPackageVersion(release, commit, cwd) {
  const text = fileAt(commit, 'package.json', cwd);
  if (text === undefined) throw new ReleaseError(`the commit of ${release.tag} has no package.json`);
  let version;
  try {
    version = JSON.parse(text).version;
  } catch (error) {
    throw new ReleaseError(`package.json at ${release.tag} is not valid JSON: ${error.message}`);
  }
  if (version !== release.version)
    throw new ReleaseError(
      `package.json says version ${JSON.stringify(version)} but the tag is ${release.tag}: set "version": "${release.version}" ` +
        `(npm version ${release.version} --no-git-tag-version), rebuild dist/, commit, and tag that commit`,
    );
}

/**
 * Carries a plan out: writes the notes (when `notesFile` is given), points the
 * moving tag at the release commit and force-pushes it to `remote`. A moving
 * tag already held by a newer release of its line is left alone.
 * @param {import('./steps.d.mts').ReleasePlan} plan
 * @param {import('./steps.d.mts').ApplyOptions} options
 * @returns {void}
 * @throws {ReleaseError} when git cannot tag or push.
 */
export function applyRelease(plan, { cwd, remote, notesFile, log }) {
  if (notesFile) {
    mkdirSync(dirname(notesFile), { recursive: true });
    writeFileSync(notesFile, plan.notes);
    log(`notes of ${plan.release.version} written to ${notesFile}`);
  }
  if (plan.newerRelease) {
    log(`${plan.movingTag} stays where it is: ${plan.newerRelease} is newer than ${plan.release.tag}`);
    return;
  }
  git(['tag', '--force', plan.movingTag, plan.commit], cwd);
  git(['push', '--force', remote, `refs/tags/${plan.movingTag}`], cwd);
  log(
    `${plan.movingTag} -> ${plan.commit} (${plan.release.tag})${plan.movingFrom && plan.movingFrom !== plan.commit ? `, was ${plan.movingFrom}` : ''}, pushed to ${remote}`,
  );
}

/**
 * What {@link applyRelease} would do, one line each, for `--dry-run`.
 * @param {import('./steps.d.mts').ReleasePlan} plan
 * @param {{ remote: string, notesFile?: string }} options
 * @returns {string[]}
 */
export function describePlan(plan, { remote, notesFile }) {
  const lines = [`release ${plan.release.tag} at ${plan.commit}: package.json and CHANGELOG.md agree`];
  if (notesFile) lines.push(`would write the notes to ${notesFile}`);
  if (plan.newerRelease) lines.push(`would leave ${plan.movingTag} alone: ${plan.newerRelease} is newer`);
  else
    lines.push(
      `would run: git tag --force ${plan.movingTag} ${plan.commit}`,
      `would run: git push --force ${remote} refs/tags/${plan.movingTag}${plan.movingFrom ? ` (${plan.movingTag} is now ${plan.movingFrom})` : ' (new tag)'}`,
    );
  return [...lines, '--- notes ---', plan.notes.trimEnd()];
}
