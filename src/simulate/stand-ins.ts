/**
 * Local stand-ins for the official actions a pipeline composes, so a
 * simulated run needs no network: `actions/upload-artifact` and
 * `actions/download-artifact` over a local artifact folder (per run, per
 * artifact name), `actions/cache` over a local cache folder (restored by
 * key or restore-key prefix, saved in the post step on a miss), and
 * `actions/checkout` and `actions/setup-node` as no-ops (the workspace is
 * already there; node is this machine's).
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { JobState } from './job-state.js';
import type { SimulationOptions } from './simulation-options.js';

/** What a stand-in is given. */
export interface StandInCall {
  with: Record<string, string>;
  ref: string;
  job: JobState;
  options: SimulationOptions;
}

/** What a stand-in reports. */
export interface StandInResult {
  ok: boolean;
  outputs: Record<string, string>;
  log: string[];
  /** Its post step, when it has one (actions/cache saves there): what it logs. */
  post?: () => Promise<string[]>;
}

type StandIn = (call: StandInCall) => StandInResult | Promise<StandInResult>;

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** An artifact or cache name as a folder name: no separators, no dot-only names. */
function safeName(name: string, what: string): string {
  if (!name || /[/\\\0]/.test(name) || name === '.' || name === '..' || name.length > 256)
    throw new ConfigurationError(`${what} name ${quote(name)} is not a valid name`);
  return name;
}

const artifactDir = (call: StandInCall, name: string) => path.join(call.options.artifactsDir, call.options.github.run_id!, safeName(name, 'artifact'));

const upload: StandIn = (call): StandInResult => {
  const { with: w, job } = call;
  const name = w.name || 'artifact';
  const sources = lines(w.path).map((p) => path.resolve(job.workspace, p));
  if (sources.some((p) => /[*?[]/.test(p)))
    return { ok: false, outputs: {}, log: ['upload-artifact (stand-in): glob patterns are not simulated; name the files'] };
  const present = sources.filter((p) => existsSync(p));
  if (!present.length) {
    const how = w['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${w.path ?? ''}. No artifacts will be uploaded.`;
    return { ok: how !== 'error', outputs: {}, log: [how === 'error' ? `::error::${message}` : message] };
  }
  const target = artifactDir(call, name);
  if (existsSync(target) && w.overwrite !== 'true')
    return { ok: false, outputs: {}, log: [`upload-artifact (stand-in): an artifact named ${JSON.stringify(name)} already exists in this run`] };
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const source of present) {
    const stat = lstatSync(source);
    if (stat.isDirectory()) cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    else if (stat.isFile()) cpSync(source, path.join(target, path.basename(source)));
  }
  return {
    ok: true,
    outputs: { 'artifact-id': String(readdirSync(path.dirname(target)).length), 'artifact-url': `local:${target}` },
    log: [`Artifact ${name} uploaded to the local artifact store`],
  };
};

const download: StandIn = (call): StandInResult => {
  const { with: w, job, options } = call;
  if (w['run-id'] && w['run-id'] !== options.github.run_id)
    return { ok: false, outputs: {}, log: ["::error::download-artifact (stand-in): another run's artifacts are not simulated"] };
  if (!w.name) return { ok: false, outputs: {}, log: ['::error::download-artifact (stand-in): downloading every artifact (no name) is not simulated'] };
  const source = artifactDir(call, w.name);
  if (!existsSync(source)) return { ok: false, outputs: {}, log: [`::error::Unable to download artifact(s): Artifact not found for name: ${w.name}`] };
  const target = path.resolve(job.workspace, w.path || '.');
  mkdirSync(target, { recursive: true });
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  return { ok: true, outputs: { 'download-path': target }, log: [`Artifact ${w.name} downloaded to ${target}`] };
};

/** The key a cache restores from: `key` itself, else the newest key starting with a restore-key; undefined on a miss. */
function cacheHit(cacheDir: string, key: string, restoreKeys: readonly string[]): string | undefined {
  const keys = existsSync(cacheDir) ? readdirSync(cacheDir).map(decodeURIComponent) : [];
  if (keys.includes(key)) return key;
  return restoreKeys
    .map((prefix) =>
      keys
        .filter((k) => k.startsWith(prefix))
        .sort()
        .pop(),
    )
    .find(Boolean);
}

/**
 * actions/cache: restores by key or restore-key prefix, saves in the post step on a miss. As the real action
 * does, a cache that cannot be read or written is a warning, never a failed step.
 */
const cache: StandIn = ({ with: w, job, options }): StandInResult => {
  const key = w.key ?? '';
  if (!key) return { ok: false, outputs: {}, log: ['::error::Input required and not supplied: key'] };
  const paths = lines(w.path);
  const entry = (k: string) => path.join(options.cacheDir, encodeURIComponent(k));
  const restoreKeys = lines(w['restore-keys']);
  const log: string[] = [];
  let hit: string | undefined;
  try {
    hit = cacheHit(options.cacheDir, key, restoreKeys);
    for (const [i, p] of hit ? paths.entries() : []) {
      const from = path.join(entry(hit!), String(i));
      if (existsSync(from)) cpSync(from, path.resolve(job.workspace, p), { recursive: true, verbatimSymlinks: true });
    }
    log.push(hit ? `Cache restored from key: ${hit}` : `Cache not found for input keys: ${[key, ...restoreKeys].join(', ')}`);
  } catch (error) {
    hit = undefined;
    log.push(`::warning::Failed to restore: ${(error as Error).message}`);
  }
  const exact = hit === key;
  const save = async (): Promise<string[]> => {
    try {
      for (const [i, p] of paths.entries()) {
        const from = path.resolve(job.workspace, p);
        if (existsSync(from)) cpSync(from, path.join(entry(key), String(i)), { recursive: true, verbatimSymlinks: true });
      }
      return [`Cache saved with key: ${key}`];
    } catch (error) {
      return [`::warning::Failed to save: ${(error as Error).message}`];
    }
  };
  return { ok: true, outputs: { 'cache-hit': String(exact), ...(hit ? { 'cache-matched-key': hit } : {}) }, log, ...(exact ? {} : { post: save }) };
};

const noOp =
  (what: string): StandIn =>
  () => ({ ok: true, outputs: {}, log: [`${what} (stand-in): nothing to do in a simulation`] });

/** `owner/name` (lower case) → stand-in. */
export const STAND_INS: ReadonlyMap<string, StandIn> = new Map([
  ['actions/upload-artifact', upload],
  ['actions/download-artifact', download],
  ['actions/cache', cache],
  ['actions/checkout', noOp('checkout: the workspace is the simulated checkout')],
  ['actions/setup-node', noOp("setup-node: this machine's node runs the actions")],
]);

/** The stand-in for `name`. */
export function standInFor(name: string): StandIn {
  const standIn = STAND_INS.get(name);
  if (!standIn) throw new Error(`no stand-in for ${name}`);
  return standIn;
}
