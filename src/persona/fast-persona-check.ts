/**
 * The parser's fast path: a persona file's plain data checked with the
 * validator generated at build time from the zod schema (through its JSON
 * schema: src/persona/persona-validator.generated.ts), and shaped exactly as
 * zod outputs it (key order, defaults, trimmed strings), without loading
 * zod. It answers only when it can prove the outcome: anything the JSON
 * schema cannot express (repeated goal metrics, a `matches` pattern outside
 * a plain subset, an id that cannot be derived) or any failure returns
 * undefined, and the caller asks zod, which words the errors.
 */
import { durationProblem } from './duration.js';
import { isRecord } from './is-record.js';
import type { ParsedPersona } from './parse-types.js';
import { patternProblem } from './pattern-engine.js';
import { POLICY_STAGES, RETRY_DELAY_BOUNDS, RISK_POLICY_KEYS, TIMEOUT_BOUNDS } from './risk-policy.js';
import { isPlainPattern } from './simple-pattern.js';
import { PERSONA_SHAPES, validate } from './persona-validator.generated.js';
import { slugify } from './slug.js';

type Shape = { keys: string[]; defaults: Record<string, unknown>; trimmed: string[] };
const SHAPES = PERSONA_SHAPES as Record<'persona' | 'constraint' | 'goal' | 'threshold' | 'collection', Shape>;
const validateFile = validate as (data: unknown) => boolean;

/** One persona the fast path accepted, with its path in the file. */
export interface FastEntry {
  parsed: ParsedPersona;
  prefix: Array<string | number>;
}

/**
 * The personas of a file's data (x- and forbidden keys already dropped), as
 * zod would output them, or undefined when the fast path cannot prove that
 * zod accepts every one of them.
 */
export function fastEntries(data: Record<string, unknown>): FastEntry[] | undefined {
  if (!validateFile(data)) return undefined;
  const collection = Object.hasOwn(data, 'personas');
  const raws = collection ? (data.personas as unknown[]) : [data];
  const entries: FastEntry[] = [];
  for (const [i, raw] of raws.entries()) {
    if (!isRecord(raw) || !provable(raw)) return undefined;
    entries.push({ parsed: personaOutput(raw), prefix: collection ? ['personas', i] : [] });
  }
  return entries;
}

/** Whether zod's refinements that the JSON schema cannot express hold for a schema-valid persona. */
function provable(raw: Record<string, unknown>): boolean {
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (raw.id === undefined && !slugify(name)) return false;
  const metrics = ((raw.optimization_goals as Array<{ metric: string }> | undefined) ?? []).map((g) => g.metric.trim());
  if (new Set(metrics).size !== metrics.length) return false;
  const constraints = (raw.constraints as Array<{ operator: string; value: unknown }> | undefined) ?? [];
  if (!constraints.every((c) => c.operator !== 'matches' || (isPlainPattern(c.value) && patternProblem(c.value as string) === undefined))) return false;
  if (!durationsInBounds(raw.risk_policy)) return false;
  return Object.entries(raw).every(([key, value]) => plainStrings(value, key === 'description' ? FREE_TEXT_UNUSUAL : UNUSUAL));
}

/** Whether the durations of a schema-valid `risk_policy` are within their bounds (the JSON schema checks only their grammar). */
function durationsInBounds(policy: unknown): boolean {
  if (!isRecord(policy)) return true;
  if (policy.retry_delay !== undefined && durationProblem(policy.retry_delay, 'retry_delay', RETRY_DELAY_BOUNDS)) return false;
  const timeouts = isRecord(policy.timeouts) ? policy.timeouts : {};
  return POLICY_STAGES.every((stage) => timeouts[stage] === undefined || !durationProblem(timeouts[stage], stage, TIMEOUT_BOUNDS));
}

/* eslint-disable no-control-regex -- the fast path must see control characters to leave them to zod */
/** Characters the fast path leaves to zod: every control, separator and bidirectional or invisible format character. */
const UNUSUAL = /[\x00-\x1F\x7F-\x9F\u2028\u2029\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/;
/** The same for free text, which may hold line feeds and tabs. */
const FREE_TEXT_UNUSUAL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/;

/** Whether no string in `value` (at any depth) holds a character of `unusual`. */
function plainStrings(value: unknown, unusual: RegExp): boolean {
  if (typeof value === 'string') return !unusual.test(value);
  if (Array.isArray(value)) return value.every((v) => plainStrings(v, UNUSUAL));
  if (isRecord(value)) return Object.values(value).every((v) => plainStrings(v, UNUSUAL));
  return true;
}

/** An object as zod outputs it: its shape's keys in order, defaults filled in, trimmed strings trimmed. */
function shaped(raw: Record<string, unknown>, shape: Shape, nested: Record<string, Shape> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of shape.keys) {
    let value = Object.hasOwn(raw, key) ? raw[key] : undefined;
    if (value === undefined && Object.hasOwn(shape.defaults, key)) value = structuredClone(shape.defaults[key]);
    if (value === undefined) continue;
    if (shape.trimmed.includes(key) && typeof value === 'string') value = value.trim();
    const item = nested[key];
    if (item && Array.isArray(value)) value = value.map((v) => shaped(v as Record<string, unknown>, item));
    else if (Array.isArray(value)) value = [...value];
    out[key] = value;
  }
  return out;
}

/** The keys of `raw` among `keys`, in the order of `keys` (how zod outputs a strict object without defaults or trimming). */
function picked(raw: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(raw, key) && raw[key] !== undefined) out[key] = raw[key];
  return out;
}

/** A schema-valid persona as zod's PersonaDefinitionSchema outputs it. */
function personaOutput(raw: Record<string, unknown>): ParsedPersona {
  const out = shaped(raw, SHAPES.persona, {
    constraints: SHAPES.constraint,
    optimization_goals: SHAPES.goal,
    monitoring_thresholds: SHAPES.threshold,
  });
  if (isRecord(out.risk_policy)) {
    const policy = picked(out.risk_policy, RISK_POLICY_KEYS);
    if (isRecord(policy.timeouts)) policy.timeouts = picked(policy.timeouts, POLICY_STAGES);
    out.risk_policy = policy;
  }
  return out as ParsedPersona;
}
