/**
 * The stages of a pipeline run, from report-pipeline's `stages` input
 * (`${{ toJSON(needs) }}`: job id → `{ result, outputs }`), and whether they
 * used the same persona. Pure and zod-free (the report action's bundle stays
 * small; the simulator reuses it). The input is hostile: its size, the number
 * of jobs and every value's length are capped before anything else is read,
 * only the two levels `needs` has are looked at (deeper junk is never
 * walked), and every problem is one located ConfigurationError naming the
 * input, the job and the output.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';

/** The most bytes (UTF-8) of the `stages` input read: more is refused before it is parsed. */
export const MAX_STAGES_BYTES = 1024 * 1024;
/** The most jobs a workflow has (GitHub's limit on a workflow's jobs). */
export const MAX_STAGES = 256;
/** The most characters of a job id (GitHub's limit). */
export const MAX_JOB_CHARS = 100;
/** The most characters of a persona id, result or correlation id the report takes. */
export const MAX_VALUE_CHARS = 1000;

/** The outputs a stage's persona is read from, first found wins for the id. */
export const StageOutputNames = { PersonaId: ['persona-id', 'id'], Revision: 'revision', CorrelationId: 'correlation-id' } as const;

/** One job of the run as the report shows it (the `stages` output's items). */
export interface PipelineStage {
  job: string;
  /** `success`, `failure`, `cancelled`, `skipped`. */
  result: string;
  /** The persona the stage used; null when it chose none (skipped, or failed before choosing). */
  persona: string | null;
  /** The state revision it was chosen at; null without a state. */
  revision: number | null;
  /** The correlation id of the switch that set it; null when none or not reported. */
  correlation_id: string | null;
}

/** The stages and how their personas compare. */
export interface PipelineComparison {
  stages: PipelineStage[];
  /** The distinct persona ids, in stage order. */
  personas: string[];
  /** True when every stage that chose a persona chose the same one (or at most one did). */
  consistent: boolean;
}

/** A GitHub job id: a letter or `_`, then letters, digits, `-` or `_`. */
const JOB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A state revision as an output carries it. */
const REVISION = /^\d{1,15}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the input should be set to, for messages. */
const NEEDS = '$' + '{{ toJSON(needs) }}';

/**
 * Parses the `stages` input (see the module comment). `input` names the
 * input in messages. Throws one ConfigurationError listing every problem.
 */
export function parsePipelineStages(text: string, input = 'stages'): PipelineStage[] {
  const file = `input "${input}"`;
  const fail = (message: string): never => {
    throw new ConfigurationError({ file, message });
  };
  if (!text.trim()) fail(`is empty: set it to ${NEEDS} in a job that needs the pipeline's jobs`);
  if (text.length > MAX_STAGES_BYTES || Buffer.byteLength(text, 'utf8') > MAX_STAGES_BYTES) fail(`is over ${MAX_STAGES_BYTES} bytes, so it is not ${NEEDS}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the input: quoted again, so its control characters show as escapes.
    fail(`is not JSON (${error instanceof SyntaxError ? quote(error.message, 120) : 'unreadable'}): set it to ${NEEDS}`);
  }
  if (!isObject(data)) fail(`must be a JSON object of job id → { result, outputs } (${NEEDS}), got ${kindOf(data)}`);
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length > MAX_STAGES) fail(`has ${entries.length} jobs; a workflow has at most ${MAX_STAGES}`);
  const problems: Diagnostic[] = [];
  const report = (message: string, path?: string) => problems.push({ file, ...(path ? { path } : {}), message });
  const stages = entries.map(([job, value]) => readStage(job, value, report)).filter((s): s is PipelineStage => s !== undefined);
  if (problems.length) throw new ConfigurationError(problems);
  return stages;
}

/** `an array`, `null`, `a string`: what a value is, for messages. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Records one problem, at a path below the input when there is one. */
type Report = (message: string, path?: string) => void;

/** One job's entry, or undefined after reporting what is wrong with it. */
function readStage(job: string, value: unknown, report: Report): PipelineStage | undefined {
  if (job.length > MAX_JOB_CHARS || !JOB_ID.test(job)) {
    report(`job id ${quote(job)} is not a GitHub job id (a letter or _, then letters, digits, - or _; at most ${MAX_JOB_CHARS})`);
    return undefined;
  }
  if (!isObject(value)) {
    report(`job ${job} must be an object { result, outputs }, got ${kindOf(value)}`, job);
    return undefined;
  }
  const { result } = value;
  if (typeof result !== 'string' || !result || result.length > 64) {
    report(`job ${job}: result must be a job result such as success`, `${job}.result`);
    return undefined;
  }
  const outputs = value.outputs ?? {};
  if (!isObject(outputs)) {
    report(`job ${job}: outputs must be an object of output name → text, got ${kindOf(outputs)}`, `${job}.outputs`);
    return undefined;
  }
  const text = (name: string): string | null => {
    const v = Object.hasOwn(outputs, name) ? outputs[name] : undefined;
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string' && v.length <= MAX_VALUE_CHARS) return v;
    report(
      `job ${job}: output ${name} must be text of at most ${MAX_VALUE_CHARS} characters, got ${typeof v === 'string' ? 'longer text' : kindOf(v)}`,
      `${job}.outputs.${name}`,
    );
    return null;
  };
  const persona = text(StageOutputNames.PersonaId[0]) ?? text(StageOutputNames.PersonaId[1]);
  const revisionText = text(StageOutputNames.Revision);
  const revision = revisionText !== null && REVISION.test(revisionText) ? Number(revisionText) : null;
  if (revisionText !== null && revision === null)
    report(`job ${job}: output revision must be a state revision (digits) or empty, got ${quote(revisionText)}`, `${job}.outputs.revision`);
  return { job, result, persona, revision, correlation_id: text(StageOutputNames.CorrelationId) };
}

/**
 * Compares the stages that chose a persona: consistent when they all chose
 * the same one. Stages without one are kept in the list but not compared.
 */
export function comparePipelineStages(stages: readonly PipelineStage[]): PipelineComparison {
  const personas = [...new Set(stages.flatMap((s) => (s.persona === null ? [] : [s.persona])))];
  return { stages: [...stages], personas, consistent: personas.length <= 1 };
}
