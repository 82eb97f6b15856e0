/**
 * Runner-like measurements for `npm run bench`: a bundle run as the runner
 * runs it (only PATH and HOME inherited), against `node -e 0`, alternately;
 * and `persona validate` over a generated repository library, with its
 * wall time and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticFiles } from './synthetic-library.js';

/** The median of `xs`. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A fresh directory holding `files` (relative path → text). */
export function workspace(files: Iterable<[string, string]>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Only what a runner-like environment inherits, plus `extra`. */
const runnerEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra });

/** Runs `node args` (`node` may be an executable script) in `cwd`; its wall time in ms and, with `rss`, its peak RSS in bytes (reported by a preload on exit). */
function run(node: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, rss = false): { ms: number; maxRss?: number } {
  const preload = "data:text/javascript,process.on('exit',()=>process.stderr.write('\\nbench-max-rss='+process.resourceUsage().maxRSS+'\\n'))";
  const start = process.hrtime.bigint();
  const r = spawnSync(node, args, {
    env: rss ? { ...env, NODE_OPTIONS: `--import=${preload}` } : env,
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${String(r.stderr).slice(-2000)}`);
  const kb = /bench-max-rss=(\d+)/.exec(String(r.stderr))?.[1];
  return { ms, ...(kb ? { maxRss: Number(kb) * 1024 } : {}) };
}

/** An action bundle (`action`; resolve-persona by default, its inputs as `INPUT_<NAME>` in `inputs`) against `node -e 0`, alternately in a workspace holding `files`: medians after 3 warm-up pairs. */
export function coldStart(
  node: string,
  action: string,
  runs: number,
  files: Array<[string, string]> = [],
  inputs: Record<string, string> = {
    PERSONA: 'stability:0.6,balanced:0.4',
    'ON-CONFLICT': 'strict',
    LIBRARY: '.github/personas',
    ARTIFACT: 'true',
    CACHE: 'true',
  },
): { node: number; action: number } {
  const dir = workspace(files);
  const env = runnerEnv({
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STATE: path.join(dir, 'state'),
    RUNNER_TEMP: path.join(dir, 'temp'),
    GITHUB_WORKSPACE: dir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k}`, v])),
  });
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  for (const file of ['output', 'env', 'state']) writeFileSync(path.join(dir, file), '');
  const nodeTimes: number[] = [];
  const actionTimes: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const a = run(node, ['-e', '0'], dir, env).ms;
    const b = run(node, [action], dir, env).ms;
    if (i >= 3) {
      nodeTimes.push(a);
      actionTimes.push(b);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { node: median(nodeTimes), action: median(actionTimes) };
}

/** `persona validate .github/personas` over `count` synthetic files (~2 KB each): median wall time and the largest peak RSS of `runs` runs. */
export function validateLibrary(node: string, cli: string, count: number, runs: number): { ms: number; maxRss: number } {
  const dir = workspace(syntheticFiles(count));
  const times: number[] = [];
  let maxRss = 0;
  // Run as users run it, through its `#!` line (which sets the CLI's V8 flags), with `node` first on PATH.
  const env = { ...runnerEnv({}), PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
  for (let i = 0; i < runs; i++) {
    const r = run(cli, ['validate', '.github/personas'], dir, env, true);
    times.push(r.ms);
    maxRss = Math.max(maxRss, r.maxRss ?? 0);
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms: median(times), maxRss };
}
