import path from 'node:path';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { quote } from '../../errors/quote.js';
import { MAX_HANDOVER_BYTES, serializeHandover, type HandoverDocument } from '../../handover/handover-document.js';
import { PersonaOutputs, personaOutputs, type PersonaOutputValues } from '../../handover/persona-outputs.js';
import { readHandover } from '../../handover/read-handover.js';
import { readRegularFile } from '../../library/read-regular-file.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { HANDOVER_FILE } from '../../wiring/stage-persona.js';
import { checkOutputSize, writeOutputs } from '../../wiring/write-outputs.js';
import { ARTIFACT_FILE, Outputs } from './constants.js';
import { readSettings, type LoadSettings } from './inputs.js';

/**
 * load-persona's reader (the last step of the composite action): reads the
 * persona.json that actions/download-artifact put into the download folder,
 * checks it with the package's hand-over reader (a regular file, not a
 * link, at most 1 MiB; strict JSON, a supported `schema_version`, every
 * field), then copies it to `$RUNNER_TEMP/persona/persona.json`, where the
 * adapt-* steps of the job find it with no `persona` input, and sets the
 * outputs resolve-persona sets, plus `path`. Nothing is written unless the
 * hand-over is valid; every problem is one ConfigurationError.
 */
export async function loadPersona(runner: ActionRunner): Promise<void> {
  const settings = readSettings(runner);
  const label = artifactLabel(settings);
  const document = await readArtifactHandover(path.join(settings.directory, ARTIFACT_FILE), label);
  const outputs = loadedOutputs(document);
  checkOutputSize(outputs, "the loaded persona's outputs");
  const file = runner.writeTempFile(HANDOVER_FILE, serializeHandover(document));
  writeOutputs(runner, { ...outputs, [Outputs.Path]: file }, "the loaded persona's outputs");
  runner.logger.info(
    `Loaded persona ${document.id} from ${label}: source ${outputs[PersonaOutputs.Source] || 'not recorded'}, risk tolerance ${document.risk_tolerance}; hand-over at ${file}`,
  );
}

/** `persona.json of artifact "persona"` (of run 123): how messages name the downloaded file. */
export function artifactLabel(settings: Pick<LoadSettings, 'name' | 'runId'>): string {
  return `${ARTIFACT_FILE} of artifact ${quote(settings.name)}${settings.runId ? ` of run ${settings.runId}` : ''}`;
}

/**
 * The hand-over in `file`, read as the stages read persona.json: opened once
 * without following a link (O_NOFOLLOW), only a regular file, at most
 * {@link MAX_HANDOVER_BYTES} read whatever it claims, UTF-8, then
 * {@link readHandover}. Errors are located at `label`.
 */
export async function readArtifactHandover(file: string, label: string): Promise<HandoverDocument> {
  const bytes = readRegularFile(file, {
    display: label,
    limit: MAX_HANDOVER_BYTES,
    limitOf: 'a hand-over',
    follow: false,
    missing: `${label} does not exist: the artifact holds no ${ARTIFACT_FILE} (load-persona reads the artifact resolve-persona uploads)`,
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigurationError({ file: label, message: 'not UTF-8 text (a hand-over is UTF-8 JSON)' });
  }
  return readHandover(text, label);
}

/**
 * The outputs resolve-persona sets for the persona it handed over
 * ({@link personaOutputs}), with `persona` the validated hand-over itself
 * (its own `schema_version` and selection kept) and `source` '' when the
 * hand-over predates the selection fields (1.0).
 */
export function loadedOutputs(document: HandoverDocument): PersonaOutputValues {
  const { schema_version: _version, source, revision, correlation_id, cohort, ...persona } = document;
  const selection = { source: source ?? 'default', revision: revision ?? null, correlation_id: correlation_id ?? null, cohort: cohort ?? 'none' };
  return {
    ...personaOutputs(persona, selection),
    [PersonaOutputs.Persona]: serializeHandover(document, 'compact'),
    [PersonaOutputs.Source]: source ?? '',
  };
}
