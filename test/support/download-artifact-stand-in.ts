/**
 * A local stand-in for `actions/download-artifact` (v4 and later), for
 * composite-runner.ts: artifacts are folders under a root,
 * `<root>/<run>/<name>/…`, where `<run>` is `current` for this run and the
 * run id for another run. As the real action: without `github-token` the
 * `run-id` and `repository` inputs are ignored (this run is read); with it
 * the run id must be a number; a missing artifact fails the step with
 * `Unable to download artifact(s): Artifact '<name>' not found`; the files
 * land directly in `path` (default: the workspace) and `download-path` is
 * set. Links inside an artifact are copied as links, so tests can plant them.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StandIn, StandInResult } from './composite-runner.js';

/** The folder name of this run's artifacts under the root. */
export const CURRENT_RUN = 'current';

/** Characters @actions/artifact refuses in an artifact's name. */
const INVALID_NAME = /[":<>|*?\r\n\\/]/;

/** Escapes a workflow command's message as @actions/core does (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The step failing as the real action does (`core.setFailed`). */
function failed(message: string): StandInResult {
  return { code: 1, stdout: `::error::${escapeData(`Unable to download artifact(s): ${message}`)}\n` };
}

/** Where `<root>/<run>/<name>` is: `current`, or the run id when a token was given. */
export function artifactFolder(root: string, name: string, runId?: string): string {
  return path.join(root, runId ?? CURRENT_RUN, name);
}

/** A stand-in for actions/download-artifact reading artifacts from `root`. */
export function downloadArtifactStandIn(root: string): StandIn {
  return (call) => {
    const input = (name: string) => (call.with[name] ?? '').trim();
    const name = input('name');
    if (!name) throw new Error('download-artifact stand-in: downloading every artifact (no `name`) is not modelled');
    const token = input('github-token');
    const runId = input('run-id');
    if (token) {
      const [owner, repo] = input('repository').split('/');
      if (!owner || !repo) return failed(`Invalid repository: '${input('repository')}'. Must be in format owner/repo`);
      if (!/^\d+$/.test(runId)) return failed(`Invalid run id: '${runId}'`);
    }
    const source = artifactFolder(root, name, token ? runId : undefined);
    // The service looks names up (it walks no paths), and refuses these characters in a name at upload: such a name is never found.
    if (INVALID_NAME.test(name) || name === '.' || name === '..' || !existsSync(source)) return failed(`Artifact '${name}' not found`);
    const target = path.resolve(call.workspace, input('path') || call.workspace);
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    return { code: 0, outputs: { 'download-path': target }, stdout: `Downloading single artifact\nTotal of 1 artifact(s) downloaded\n` };
  };
}
