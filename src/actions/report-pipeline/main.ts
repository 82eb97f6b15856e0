import { ConfigurationError } from '../../errors/configuration-error.js';
import { mismatchMessage, pipelineMarkdown } from '../../report/pipeline-markdown.js';
import { comparePipelineStages, parsePipelineStages } from '../../report/pipeline-stages.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { writeOutputs } from '../../wiring/write-outputs.js';
import { Inputs, Outputs } from './constants.js';
import { readSettings } from './inputs.js';

/**
 * report-pipeline, the pipeline's last job (`if: always()`): reads
 * `${{ toJSON(needs) }}`, lists every job with its result and the persona,
 * state revision and switch (correlation id) it used, and flags a run whose
 * stages used different personas (a runtime switch took effect mid-run):
 * a warning, or with `on-mismatch: fail` one clear error and exit 1. The
 * outputs and the summary are written in either case; a bad `stages` input
 * writes nothing.
 */
export async function reportPipeline(runner: ActionRunner): Promise<void> {
  const settings = readSettings(runner);
  const comparison = comparePipelineStages(parsePipelineStages(settings.stages, Inputs.Stages));
  writeOutputs(
    runner,
    {
      [Outputs.Consistent]: String(comparison.consistent),
      [Outputs.Personas]: JSON.stringify(comparison.personas),
      [Outputs.Stages]: JSON.stringify(comparison.stages),
    },
    'the pipeline report',
  );
  runner.appendSummary(pipelineMarkdown(comparison));
  const compared = comparison.stages.filter((s) => s.persona !== null).length;
  runner.logger.info(
    `report-pipeline: ${comparison.stages.length} job(s), ${compared} with a persona; ${comparison.consistent ? 'consistent' : `${comparison.personas.length} different personas`}`,
  );
  if (comparison.consistent) return;
  if (settings.onMismatch === 'fail') throw new ConfigurationError(`${mismatchMessage(comparison)}; on-mismatch is fail`);
  runner.logger.warning(mismatchMessage(comparison));
}
