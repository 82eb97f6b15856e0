import { resolveBlend } from '../../blend/blend.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { importBundle } from '../../edge/load-bundle.js';
import { handoverSelection, serializeHandover, toHandover } from '../../handover/handover-document.js';
import { personaOutputs } from '../../handover/persona-outputs.js';
import { personaMarkdown } from '../../report/persona-markdown.js';
import { formatWeight, resolvedPersonaText } from '../../report/persona-text.js';
import { selectPersona, type Selection } from '../../select/selection.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { checkOutputSize, writeOutputs } from '../../wiring/write-outputs.js';
import { ARTIFACT_NAME, PERSONA_FILE } from './constants.js';
import { readSettings, type ResolveSettings } from './inputs.js';
import { runLibrary } from './library.js';
import { resolveSelectors, triggeringRequest } from './selectors.js';
import { switchPersona } from './switch.js';

/** What a resolve-persona run produced. */
export interface ResolveResult {
  persona: ResolvedPersona;
  selection: Selection;
  /** Path of the written persona.json. */
  file: string;
}

/** `state (revision 7, cohort target, correlation abc)`: the source and what runtime switching adds to it. */
export function selectionText(selection: Selection): string {
  const details = [
    ...(selection.revision !== undefined ? [`revision ${selection.revision}`] : []),
    ...(selection.cohort && selection.cohort !== 'none' ? [`cohort ${selection.cohort}`] : []),
    ...(selection.correlationId ? [`correlation ${selection.correlationId}`] : []),
  ];
  return details.length ? `${selection.source} (${details.join(', ')})` : selection.source;
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
export async function resolvePersona(runner: ActionRunner): Promise<ResolveResult | undefined> {
  const settings = readSettings(runner);
  if (settings.mode === 'switch') {
    await switchPersona(runner, settings);
    return undefined;
  }
  return resolveMode(runner, settings);
}

/** `mode: resolve`: select, blend, hand on; never writes the state. */
async function resolveMode(runner: ActionRunner, settings: ResolveSettings): Promise<ResolveResult> {
  const library = await runLibrary(runner, settings);
  const surroundings = { env: runner.env, workspace: runner.env.GITHUB_WORKSPACE || process.cwd(), logger: runner.logger, now: new Date() };
  // An explicit persona needs neither the event nor the store.
  const request = settings.persona ? undefined : await triggeringRequest(settings, runner.env, false);
  const { selectors, state } = resolveSelectors(settings, request, surroundings);
  const selection = await selectPersona(selectors);
  // The revision seen, even when the state had no persona for this scope and the default answered.
  if (selection.revision === undefined && state?.revision !== undefined) selection.revision = state.revision;
  const persona = resolveBlend(library, selection.expression, { onConflict: settings.onConflict }, selection.origin);

  const handedOver = handoverSelection(selection);
  const outputs = personaOutputs(persona, handedOver);
  checkOutputSize(outputs, "the resolved persona's outputs");

  // Everything is computed; write the file and the summary, then the outputs
  // later jobs depend on, so a failing write leaves no outputs behind.
  const file = runner.writeTempFile(PERSONA_FILE, serializeHandover(toHandover(persona, handedOver)));
  runner.appendSummary(personaMarkdown(persona, selectionText(selection)));
  writeOutputs(runner, outputs, "the resolved persona's outputs");
  for (const c of persona.conflicts) runner.logger.warning(`on-conflict ${settings.onConflict}: ${c.message}`);
  runner.logger.info(resolvedLine(persona, selectionText(selection)));
  await runner.group(`Plan of ${persona.id}`, async () => runner.logText(resolvedPersonaText(persona, selectionText(selection))));

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
