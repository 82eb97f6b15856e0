import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What one run of a bundled action gave, read back through the runner protocol. */
export interface DistRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT parsed (heredoc form). */
  outputs: Record<string, string>;
  /** Raw GITHUB_OUTPUT file. */
  outputFile: string;
  summary: string;
  /** `::error …::` / `::warning …::` / `::notice …::` lines. */
  annotations: Array<{ level: string; properties: Record<string, string>; message: string }>;
  runnerTemp: string;
  /** GITHUB_ENV parsed (variables the step exported). */
  exported: Record<string, string>;
  /** GITHUB_STATE parsed (what the step saved for its `post:` step). */
  saved: Record<string, string>;
}

/** Options of {@link runDist}. */
export interface RunDistOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Event payload written to GITHUB_EVENT_PATH. */
  event?: { name: string; payload: unknown };
  workspace?: string;
  /** Node binary; defaults to this process's. */
  node?: string;
  /** Share a RUNNER_TEMP between steps of one "job" (resolve-persona's persona.json, the state read cache). */
  runnerTemp?: string;
  /** Run the action's `post:` bundle (dist/<action>/post/index.js) instead of its main one. */
  post?: boolean;
  /** What the main step saved (GITHUB_STATE), handed to the post step as `STATE_<name>`, as the runner does. */
  saved?: Record<string, string>;
}

/** Parses a GITHUB_OUTPUT file written with `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      out[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return out;
}

const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** Parses `::level k=v,…::message` lines from stdout. */
export function parseAnnotations(stdout: string): DistRun['annotations'] {
  const out: DistRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]),
    );
    out.push({ level: m[1]!, properties, message: unescape(m[3]!) });
  }
  return out;
}

/**
 * Runs `dist/<action>/index.js` as the GitHub runner does: inputs as
 * `INPUT_<NAME>` (upper-cased, hyphens kept), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE and, optionally,
 * GITHUB_EVENT_NAME/GITHUB_EVENT_PATH. Nothing of the test's own
 * environment leaks in but PATH and HOME.
 */
export async function runDist(action: string, options: RunDistOptions = {}): Promise<DistRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `run-${action}-`));
  const runnerTemp = options.runnerTemp ?? path.join(dir, 'runner-temp');
  const outputPath = path.join(dir, 'output');
  const summaryPath = path.join(dir, 'summary.md');
  const envPath = path.join(dir, 'env');
  const statePath = path.join(dir, 'state');
  for (const file of [outputPath, summaryPath, envPath, statePath]) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_ENV: envPath,
    GITHUB_STATE: statePath,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: options.workspace ?? dir,
    GITHUB_REPOSITORY: 'octo-org/app',
    GITHUB_API_URL: 'http://127.0.0.1:9',
  };
  if (options.event) {
    const eventPath = path.join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(options.event.payload));
    env.GITHUB_EVENT_NAME = options.event.name;
    env.GITHUB_EVENT_PATH = eventPath;
  }
  // resolve-persona reads the state store (`state: branch`) unless told otherwise; tests that are not about it say `none`.
  const inputs = action === 'resolve-persona' ? { state: 'none', ...options.inputs } : (options.inputs ?? {});
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(options.saved ?? {})) env[`STATE_${name}`] = value;
  Object.assign(env, options.env);

  const child = spawn(
    options.node ?? process.env.PERSONA_E2E_NODE ?? process.execPath,
    [path.join(ROOT, 'dist', action, ...(options.post ? ['post'] : []), 'index.js')],
    {
      env,
      cwd: options.workspace ?? dir,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputFile = readFileSync(outputPath, 'utf8');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(outputFile),
    outputFile,
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    annotations: parseAnnotations(stdout),
    runnerTemp,
    exported: parseOutputFile(readFileSync(envPath, 'utf8')),
    saved: parseOutputFile(readFileSync(statePath, 'utf8')),
  };
}
