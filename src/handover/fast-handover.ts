/**
 * Reading a well-formed hand-over without zod: the hand-over's generated
 * JSON schema checked as data (schema-check.ts), the checks JSON schema cannot
 * say (a constraint's value fits its operator), and a copy that keeps only
 * the keys this release knows (as zod's non-strict objects do). Anything it
 * cannot prove goes to zod, which words every problem, so both paths accept
 * exactly the same documents (test/handover/fast-handover.test.ts).
 */
import { NO_CONTROL_CHARACTERS } from '../persona/control-characters.js';
import type { HandoverDocument } from './handover-document.js';
import { HANDOVER_SCHEMA, HANDOVER_SHAPE } from './handover-validator.generated.js';
import { matchesSchema } from './schema-check.js';

/** The keys an object keeps and the shapes below them. */
interface Shape {
  keys?: Record<string, Shape | null>;
  items?: Shape;
}

const validateHandover = (data: unknown): boolean => matchesSchema(data, HANDOVER_SCHEMA);

/** Operators by the kind of value they take (as persona-schema.ts CONSTRAINT_VALUE_KINDS). */
const NUMBER_OPERATORS = new Set(['<', '<=', '>', '>=']);
const LIST_OPERATORS = new Set(['in', 'not_in', 'includes', 'excludes']);

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
/** A scalar whose text (a string) holds no control character, as the persona schema requires of values. */
const plainScalar = (v: unknown): boolean => isScalar(v) && (typeof v !== 'string' || NO_CONTROL_CHARACTERS.test(v));

/** Whether a constraint's value fits its operator, and its parameter is written trimmed (zod trims it). */
function constraintFits(c: { parameter: string; operator: string; value: unknown }): boolean {
  if (c.parameter !== c.parameter.trim()) return false;
  if (NUMBER_OPERATORS.has(c.operator)) return typeof c.value === 'number' && Number.isFinite(c.value);
  if (LIST_OPERATORS.has(c.operator)) return Array.isArray(c.value) && c.value.length > 0 && c.value.every(plainScalar);
  if (c.operator === 'matches') return typeof c.value === 'string' && NO_CONTROL_CHARACTERS.test(c.value);
  return plainScalar(c.value);
}

/** A copy of `value` with only the keys of `shape` (recursively); null-prototype-free plain data. */
function keepKnown(value: unknown, shape: Shape | null | undefined): unknown {
  if (!shape || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return shape.items ? value.map((v) => keepKnown(v, shape.items)) : value;
  if (!shape.keys) return value;
  const out: Record<string, unknown> = {};
  for (const [key, below] of Object.entries(shape.keys)) if (Object.hasOwn(value, key)) out[key] = keepKnown((value as Record<string, unknown>)[key], below);
  return out;
}

/**
 * The hand-over when the fast path proves it valid, else undefined (the
 * caller then asks zod). `data` has passed the reader's safety checks.
 */
export function fastHandover(data: unknown): HandoverDocument | undefined {
  if (!validateHandover(data)) return undefined;
  const doc = data as HandoverDocument;
  const constraints = [...doc.constraints, ...doc.conflicts.flatMap((c) => c.dropped)];
  if (!constraints.every(constraintFits)) return undefined;
  const trimmed = [...doc.optimization_goals.map((g) => g.metric), ...doc.monitoring_thresholds.map((t) => t.metric), ...doc.conflicts.map((c) => c.parameter)];
  if (!trimmed.every((m) => m === m.trim())) return undefined;
  return keepKnown(data, HANDOVER_SHAPE as Shape) as HandoverDocument;
}
