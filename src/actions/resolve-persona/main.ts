import { resolveBlend } from '../../blend/blend.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { importEdge } from '../../edge/load-edge.js';
import { createSources } from '../../library/create-sources.js';
import { loadLibrary } from '../../library/load-library.js';
import { actionOutputs } from '../../report/action-outputs.js';
import { personaMarkdown } from '../../report/persona-markdown.js';
import { FixedSelector, selectPersona, type Selection } from '../../select/selection.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { ARTIFACT_NAME, DEFAULT_LIBRARY, Inputs, PERSONA_FILE } from './constants.js';
import { readSettings } from './inputs.js';

/** What a resolve-persona run produced. */
export interface ResolveResult {
  persona: ResolvedPersona;
  selection: Selection;
  /** Path of the written persona.json. */
  file: string;
}

/**
 * resolve-persona: reads the inputs, builds the library, selects and blends
 * the persona, then (only once everything succeeded) writes the outputs,
 * persona.json, the job summary and the artifact.
 */
export async function run(runner: ActionRunner): Promise<ResolveResult> {
  const settings = readSettings(runner);
  const workspace = runner.env.GITHUB_WORKSPACE || process.cwd();
  const sources = await createSources(settings.library, {
    workspace,
    logger: runner.logger,
    optionalPath: DEFAULT_LIBRARY,
    token: settings.token,
    apiUrl: runner.env.GITHUB_API_URL,
    // Only inside Actions is there a cache service; outside, don't load the cache client to learn that.
    cacheAcrossRuns: settings.cache && Boolean(runner.env.ACTIONS_RESULTS_URL || runner.env.ACTIONS_CACHE_URL),
    runnerTemp: runner.env.RUNNER_TEMP,
  });
  const library = await loadLibrary(sources, runner.logger);

  const selection = await selectPersona([new FixedSelector('input', settings.persona), new FixedSelector('default', settings.default)]);
  const inputName = selection.source === 'default' ? Inputs.Default : Inputs.Persona;
  const persona = resolveBlend(library, selection.expression, { onConflict: settings.onConflict }, `input "${inputName}"`);

  const outputs = actionOutputs(persona, selection.source);

  // Everything is computed; write the file and the summary, then the outputs
  // later jobs depend on, so a failing write leaves no outputs behind.
  const summary = personaMarkdown(persona, selection.source);
  const file = runner.writeTempFile(PERSONA_FILE, `${JSON.stringify(persona, null, 2)}\n`);
  runner.appendSummary(summary);
  for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
  for (const c of persona.conflicts) runner.logger.warning(`on-conflict weighted: ${c.message}`);

  if (settings.artifact && runner.env.ACTIONS_RUNTIME_TOKEN) {
    try {
      const { uploadFileArtifact } = await importEdge<typeof import('../../edge/artifact-upload.js')>('artifact-upload');
      await uploadFileArtifact(ARTIFACT_NAME, file);
    } catch (error) {
      runner.logger.warning(`could not upload the "${ARTIFACT_NAME}" artifact: ${(error as Error).message}`);
    }
  }
  return { persona, selection, file };
}
