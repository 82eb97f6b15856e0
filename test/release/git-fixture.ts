import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/release.mjs', import.meta.url));

/**
 * The environment of every git and script run: an isolated identity and
 * configuration, and no GIT_DIR or Actions variables leaking in from the
 * process running the tests.
 */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_') || key.startsWith('GITHUB_')) delete env[key];
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release-test@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release-test@example.com',
  };
}

/** What one run of scripts/release.mjs gave. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary bare repository (the "remote") and a clone of it with commits, all under one temp directory. */
export class ReleaseRepo {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
  readonly bare = path.join(this.root, 'remote.git');
  readonly clone = path.join(this.root, 'clone');
  private readonly env = isolatedEnv(this.root);

  constructor() {
    this.run(this.root, ['init', '--quiet', '--bare', this.bare]);
    this.run(this.root, ['init', '--quiet', '--initial-branch=main', this.clone]);
    this.git(['remote', 'add', 'origin', this.bare]);
  }

  /** Runs git in the clone and returns its output, trimmed. */
  git(args: string[]): string {
    return this.run(this.clone, args);
  }

  /** Runs git in the bare repository; undefined when it fails (a missing ref). */
  remoteCommit(ref: string): string | undefined {
    const result = spawnSync('git', ['--git-dir', this.bare, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { env: this.env, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  }

  /**
   * Commits package.json with `version` and CHANGELOG.md with `changelog`,
   * tags the commit `tag` (annotated unless `lightweight`) and pushes the
   * branch and the tag, as a maintainer does before the workflow runs.
   * @returns the commit.
   */
  commitAndTag(options: { version: string; changelog: string; tag: string; lightweight?: boolean }): string {
    writeFileSync(path.join(this.clone, 'package.json'), `${JSON.stringify({ name: 'fixture', version: options.version }, null, 2)}\n`);
    writeFileSync(path.join(this.clone, 'CHANGELOG.md'), options.changelog);
    this.git(['add', 'package.json', 'CHANGELOG.md']);
    this.git(['commit', '--quiet', '-m', `Release ${options.tag}`]);
    this.git(options.lightweight ? ['tag', options.tag] : ['tag', '-a', options.tag, '-m', options.tag]);
    this.git(['push', '--quiet', 'origin', 'main', `refs/tags/${options.tag}`]);
    return this.git(['rev-parse', 'HEAD']);
  }

  /** Runs `node scripts/release.mjs ARGS...` with the clone as working directory. */
  release(args: string[]): ScriptRun {
    const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: this.clone, env: this.env, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Deletes the temporary directory. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private run(cwd: string, args: string[]): string {
    return execFileSync('git', args, { cwd, env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }
}

/** A Keep a Changelog file with one section per `[version, notes]`, newest first. */
export function changelogWith(...sections: Array<[string, string]>): string {
  const body = sections.map(([version, notes]) => `## [${version}] - 2026-12-01\n\n${notes}\n`).join('\n');
  return `# Changelog\n\n## [Unreleased]\n\n${body}\n[Unreleased]: https://example.com/compare\n`;
}
