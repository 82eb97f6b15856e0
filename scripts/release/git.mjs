// The release script's only door to git: argument arrays, never a shell.

import { execFileSync } from 'node:child_process';
import { ReleaseError } from './release-error.mjs';

/**
 * Runs `git ARGS...` in `cwd` and returns its standard output without the
 * trailing newline.
 * @param {readonly string[]} args
 * @param {string} cwd
 * @returns {string}
 * @throws {ReleaseError} naming the command and git's own message when git fails.
 */
export function git(args, cwd) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
  } catch (error) {
    const stderr = String(error.stderr ?? '').trim() || error.message;
    throw new ReleaseError(`git ${args.join(' ')} failed: ${stderr}`);
  }
}

/**
 * The commit a ref points at (tags peeled), or undefined when the ref does not exist.
 * @param {string} ref e.g. `refs/tags/v0.2.0`
 * @param {string} cwd
 * @returns {string | undefined}
 */
export function commitOf(ref, cwd) {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The text of `path` in `commit`, or undefined when the commit has no such file.
 * @param {string} commit
 * @param {string} path relative to the repository root
 * @param {string} cwd
 * @returns {string | undefined}
 */
export function fileAt(commit, path, cwd) {
  try {
    return execFileSync('git', ['show', `${commit}:${path}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
