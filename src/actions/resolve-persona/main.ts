import { resolveBlend } from '../../blend/blend.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { importBundle } from '../../edge/load-bundle.js';
import { serializeHandover, toHandover } from '../../handover/handover-document.js';
import { personaOutputs } from '../../handover/persona-outputs.js';
import { personaMarkdown } from '../../report/persona-markdown.js';
import { formatWeight, resolvedPersonaText } from '../../report/persona-text.js';
import { FixedSelector, selectPersona, type Selection } from '../../select/selection.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { buildLibrary } from '../../wiring/build-library.js';
import { checkOutputSize, writeOutputs } from '../../wiring/write-outputs.js';
import { ARTIFACT_NAME, Inputs, PERSONA_FILE } from './constants.js';
import { readSettings } from './inputs.js';

/** What a resolve-persona run produced. */
export interface ResolveResult {
  persona: ResolvedPersona;
  selection: Selection;
  /** Path of the written persona.json. */
  file: string;
}

/**
 * The one log line of a successful run: `Resolved persona <id>: source
 * <source>, risk tolerance <level>, blend <id> <weight> + …`.
 */
export function resolvedLine(persona: ResolvedPersona, source: string): string {
  const blend = persona.blend.map((t) => `${t.id} ${formatWeight(t.weight)}`).join(' + ');
  return `Resolved persona ${persona.id}: source ${source}, risk tolerance ${persona.risk_tolerance}, blend ${blend}`;
}

/**
 * resolve-persona: reads the inputs, builds the library, selects and blends
 * the persona, then (only once everything succeeded) writes persona.json,
 * the job summary, the outputs and the artifact, and logs one line (see
 * {@link resolvedLine}) and the plan in a collapsible group.
 */
export async function resolvePersona(runner: ActionRunner): Promise<ResolveResult> {
  const settings = readSettings(runner);
  const library = await buildLibrary(settings, {
    workspace: runner.env.GITHUB_WORKSPACE || process.cwd(),
    logger: runner.logger,
    apiUrl: runner.env.GITHUB_API_URL,
    // Only inside Actions is there a cache service; outside, don't load the cache client to learn that.
    cacheService: Boolean(runner.env.ACTIONS_RESULTS_URL || runner.env.ACTIONS_CACHE_URL),
    runnerTemp: runner.env.RUNNER_TEMP,
  });

  const selection = await selectPersona([
    new FixedSelector('input', settings.persona, `input "${Inputs.Persona}"`),
    new FixedSelector('default', settings.default, `input "${Inputs.Default}"`),
  ]);
  const persona = resolveBlend(library, selection.expression, { onConflict: settings.onConflict }, selection.origin);

  const outputs = personaOutputs(persona, selection.source);
  checkOutputSize(outputs, "the resolved persona's outputs");

  // Everything is computed; write the file and the summary, then the outputs
  // later jobs depend on, so a failing write leaves no outputs behind.
  const file = runner.writeTempFile(PERSONA_FILE, serializeHandover(toHandover(persona)));
  runner.appendSummary(personaMarkdown(persona, selection.source));
  writeOutputs(runner, outputs, "the resolved persona's outputs");
  for (const c of persona.conflicts) runner.logger.warning(`on-conflict weighted: ${c.message}`);
  runner.logger.info(resolvedLine(persona, selection.source));
  await runner.group(`Plan of ${persona.id}`, async () => runner.logText(resolvedPersonaText(persona, selection.source)));

  if (settings.artifact && runner.env.ACTIONS_RUNTIME_TOKEN) {
    try {
      const { uploadFileArtifact } = await importBundle('artifact-upload', () => import(/* webpackIgnore: true */ '../../edge/artifact-upload.js'));
      await uploadFileArtifact(ARTIFACT_NAME, file);
    } catch (error) {
      runner.logger.warning(`could not upload the "${ARTIFACT_NAME}" artifact: ${(error as Error).message}`);
    }
  }
  return { persona, selection, file };
}
