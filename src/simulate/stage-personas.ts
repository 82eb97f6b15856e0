/**
 * Which persona and state revision each job of a simulated run used, and
 * whether they agree: the same comparison report-pipeline makes in a real
 * run (src/report/pipeline-stages.ts), over the jobs' outputs as
 * `toJSON(needs)` would hand them over.
 */
import { comparePipelineStages, parsePipelineStages, type PipelineComparison } from '../report/pipeline-stages.js';
import type { JobResult } from './job-runner.js';

/** The stages of a run and how their personas compare. */
export function stageReport(jobs: Readonly<Record<string, JobResult>>): PipelineComparison {
  const needs = Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, { result: job.result, outputs: job.outputs }]));
  return comparePipelineStages(parsePipelineStages(JSON.stringify(needs)));
}
