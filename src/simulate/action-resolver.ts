/**
 * What a `uses:` names, for the simulator: an action of the local package
 * (`pipeline-personas/pipeline-personas[/path]@ref`, or `./path` in the
 * workspace), read from its action.yml; an official action with a local
 * stand-in; or something the simulator cannot run, which is an error before
 * anything runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigurationError } from '../errors/configuration-error.js';
import { STAND_INS } from './stand-ins.js';
import type { SimulationOptions } from './simulation-options.js';

/** A composite step as action.yml holds it. */
export interface CompositeStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

/** The parts of action.yml the simulator reads. */
export interface ActionMetadata {
  name?: string;
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  outputs?: Record<string, { value?: unknown }>;
  runs: { using: string; main?: string; post?: string; 'post-if'?: string; steps?: CompositeStep[] };
}

/** An action of the local package or workspace. */
export interface LocalAction {
  kind: 'node' | 'composite';
  dir: string;
  metadata: ActionMetadata;
}

/** An official action replaced by a stand-in. */
export interface StandInAction {
  kind: 'stand-in';
  /** `actions/upload-artifact` */
  name: string;
  ref: string;
}

const metadataCache = new Map<string, ActionMetadata>();

/** Reads and checks `dir/action.yml` (or action.yaml). */
function readMetadata(dir: string, uses: string): ActionMetadata {
  const cached = metadataCache.get(dir);
  if (cached) return cached;
  const file = ['action.yml', 'action.yaml'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new ConfigurationError(`uses: ${uses}: no action.yml in ${dir}`);
  const metadata = parse(readFileSync(file, 'utf8')) as ActionMetadata;
  const using = metadata?.runs?.using;
  if (using !== 'composite' && !/^node\d+$/.test(String(using)))
    throw new ConfigurationError(`uses: ${uses}: runs.using ${JSON.stringify(using)} is not simulated (node and composite actions are)`);
  metadataCache.set(dir, metadata);
  return metadata;
}

/** Resolves `uses` to what runs it. */
export function resolveAction(
  uses: string,
  options: Pick<SimulationOptions, 'packageRoot' | 'localRepositories'>,
  workspace: string,
): LocalAction | StandInAction {
  if (uses.startsWith('docker://')) throw new ConfigurationError(`uses: ${uses}: container actions are not simulated`);
  if (uses.startsWith('./')) return local(path.resolve(workspace, uses), uses);
  const m = /^([^/@]+)\/([^/@]+)((?:\/[^@]+)?)@(.+)$/.exec(uses);
  if (!m) throw new ConfigurationError(`uses: ${JSON.stringify(uses)} is not OWNER/REPO[/PATH]@REF or ./PATH`);
  const [, owner, repo, sub, ref] = m;
  const name = `${owner}/${repo}`.toLowerCase();
  if (options.localRepositories.map((r) => r.toLowerCase()).includes(name)) {
    // Joined as text: a bundler would take `path.resolve(root, '.…')` for an asset of its own and rewrite it.
    const dir = path.normalize(`${options.packageRoot}${sub}`);
    const inside = path.relative(path.resolve(options.packageRoot), path.resolve(dir));
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside))
      throw new ConfigurationError(`uses: ${uses}: the path leaves the package`);
    return local(dir, uses);
  }
  if (!sub && STAND_INS.has(name)) return { kind: 'stand-in', name, ref: ref! };
  throw new ConfigurationError(
    `uses: ${uses} is not simulated: only this package's actions and the stand-ins (${[...STAND_INS.keys()].join(', ')}) run locally`,
  );
}

function local(dir: string, uses: string): LocalAction {
  const metadata = readMetadata(dir, uses);
  return { kind: metadata.runs.using === 'composite' ? 'composite' : 'node', dir, metadata };
}

/** Every `uses:` reachable from `uses` (a composite's own steps included) that cannot be resolved, as messages. */
export function unresolvable(
  uses: string,
  options: Pick<SimulationOptions, 'packageRoot' | 'localRepositories'>,
  workspace: string,
  seen = new Set<string>(),
): string[] {
  if (seen.has(uses)) return [];
  seen.add(uses);
  try {
    const action = resolveAction(uses, options, workspace);
    if (action.kind !== 'composite') return [];
    return (action.metadata.runs.steps ?? []).flatMap((s) => (s.uses ? unresolvable(s.uses, options, workspace, seen) : []));
  } catch (error) {
    return [(error as Error).message];
  }
}
