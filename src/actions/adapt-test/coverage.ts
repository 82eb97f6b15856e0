import path from 'node:path';
import { readRegularFile } from '../../library/read-regular-file.js';
import type { Violation } from '../../planning/explanation.js';
import { measuredViolations } from '../../planning/measured-check.js';
import { importBundle } from '../../edge/load-bundle.js';
import type { StageContext } from '../../wiring/stage-context.js';
import { Inputs, MAX_COVERAGE_REPORT_BYTES } from './constants.js';
import type { TestSettings } from './inputs.js';

/** The coverage measured after the run and the persona's constraints it breaks. */
export interface MeasuredCoverage {
  percent: number;
  /** Where it came from: the report's path and format, or the `coverage` input. */
  from: string;
  violations: Violation[];
}

/**
 * The measured coverage: read from `coverage-report` (lcov or Cobertura,
 * detected by content; a regular file of at most 64 MiB, not a link), else
 * the `coverage` input; undefined when neither is given. The value is
 * checked against every `coverage` constraint of the persona.
 */
export async function measuredCoverage(settings: TestSettings, context: Pick<StageContext, 'cwd' | 'persona'>): Promise<MeasuredCoverage | undefined> {
  let percent: number;
  let from: string;
  if (settings.coverageReport) {
    const file = path.resolve(context.cwd, settings.coverageReport);
    const bytes = readRegularFile(file, {
      display: file,
      limit: MAX_COVERAGE_REPORT_BYTES,
      limitOf: 'a coverage report',
      follow: false,
      missing: `input "${Inputs.CoverageReport}": ${file} does not exist (did the tests write it?)`,
    });
    // The report readers load from dist/bundles/commands, only when a report is given.
    const { readCoverageReport } = await importBundle('commands', () => import(/* webpackIgnore: true */ '../../wiring/command-access.js'));
    const report = readCoverageReport(bytes.toString('utf8'), file);
    percent = report.percent;
    from = `${settings.coverageReport} (${report.format}, ${report.linesHit} of ${report.linesFound} lines)`;
  } else if (settings.coverage !== undefined) {
    percent = settings.coverage;
    from = `input "${Inputs.Coverage}"`;
  } else return undefined;
  return { percent, from, violations: measuredViolations('coverage', percent, context.persona.constraints) };
}
