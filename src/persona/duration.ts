/**
 * Durations of switch requests (`ttl`, a rollout's `interval`) and of a
 * persona's `risk_policy` (`retry_delay`, `timeouts`): one or more
 * `<integer><unit>` groups with the units `d`, `h`, `m`, `s` in descending
 * order and without repeats (`30m`, `4h`, `1h30m`, `90s`). Pure.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The units, largest first, with their length in milliseconds. */
const UNITS = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
] as const;

/** The grammar: each unit at most once, largest first; at most 9 digits per group, so no value overflows. Matches '' too (refused as 0). */
export const DURATION_PATTERN = /^(?:(\d{1,9})d)?(?:(\d{1,9})h)?(?:(\d{1,9})m)?(?:(\d{1,9})s)?$/;

/** Inclusive bounds of a duration, in milliseconds. */
export interface DurationBounds {
  min: number;
  max: number;
}

/** The shortest ttl: one minute. */
export const MIN_TTL_MS = MINUTE;
/** The longest ttl: 90 days. */
export const MAX_TTL_MS = 90 * DAY;
/** The shortest rollout interval: one minute. */
export const MIN_INTERVAL_MS = MINUTE;
/** The longest rollout interval: 7 days. */
export const MAX_INTERVAL_MS = 7 * DAY;
/** The bounds of a ttl. */
export const TTL_BOUNDS: DurationBounds = { min: MIN_TTL_MS, max: MAX_TTL_MS };
/** The bounds of a rollout interval. */
export const INTERVAL_BOUNDS: DurationBounds = { min: MIN_INTERVAL_MS, max: MAX_INTERVAL_MS };
/** The interval of a rollout that names none. */
export const DEFAULT_INTERVAL = '30m';

/** What a duration looks like, for messages. */
const EXPECTED = 'a duration such as "30m", "4h", "1h30m" or "90s": whole numbers with the units d, h, m, s, largest first';

/**
 * Why `text` is not a duration within `bounds`, or undefined when it is.
 * `what` names the field (`ttl`); the value is quoted with quote().
 */
export function durationProblem(text: unknown, what: string, bounds?: DurationBounds): string | undefined {
  if (typeof text !== 'string') return `${what} must be a string (${EXPECTED})`;
  const ms = durationMs(text);
  if (ms === undefined) return `${what} ${quote(text)} is not ${EXPECTED}`;
  if (ms === 0) return `${what} ${quote(text)} must be longer than 0`;
  if (bounds && ms < bounds.min) return `${what} ${quote(text)} is shorter than ${formatDuration(bounds.min)}`;
  if (bounds && ms > bounds.max) return `${what} ${quote(text)} is longer than ${formatDuration(bounds.max)}`;
  return undefined;
}

/** Milliseconds of a duration, or undefined when `text` is outside the grammar. May be 0. */
function durationMs(text: string): number | undefined {
  const match = text ? DURATION_PATTERN.exec(text) : null;
  if (!match) return undefined;
  return UNITS.reduce((total, [, size], i) => total + Number(match[i + 1] ?? 0) * size, 0);
}

/**
 * Parses a duration into milliseconds, within `bounds` when given.
 * @throws ConfigurationError naming `what` and quoting the value.
 */
export function parseDuration(text: string, what: string, bounds?: DurationBounds): number {
  const problem = durationProblem(text, what, bounds);
  if (problem) throw new ConfigurationError(problem);
  return durationMs(text)!;
}

/**
 * A duration in milliseconds as the grammar writes it, largest units first
 * (`5400000` → `1h30m`); whole seconds only (the rest is dropped), `0s` for
 * less than a second.
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / SECOND)) * SECOND;
  let out = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out || '0s';
}
