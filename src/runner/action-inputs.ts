import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { ActionRunner } from './action-runner.js';

/**
 * Turns one input's raw string into a typed value, or throws an `Error`
 * whose message says what is wrong (the reader prefixes the input's name).
 */
export type InputParser<T> = (raw: string) => T;

/** A map of input name → parser; the settings object has the same keys. */
export type InputSpec = Record<string, InputParser<unknown>>;

/** The typed settings an {@link InputSpec} yields. */
export type InputValues<S extends InputSpec> = { [K in keyof S]: ReturnType<S[K]> };

/** Free text; `fallback` when empty. */
export const text =
  (fallback = ''): InputParser<string> =>
  (raw) =>
    raw || fallback;

/** One line of plain text, trimmed, at most `max` characters (it reaches logs, summaries and GitHub); no control characters. */
export const oneLine =
  (max: number): InputParser<string> =>
  (raw) => {
    const value = raw.trim();
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new Error('must be one line without control characters');
    if (value.length > max) throw new Error(`is ${value.length} characters long; at most ${max}`);
    return value;
  };

/** One of `options`; `fallback` when empty. */
export const choice =
  <const T extends string>(options: readonly T[], fallback: T): InputParser<T> =>
  (raw) => {
    if (!raw) return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    throw new Error(`expected one of ${options.join(', ')}, got ${JSON.stringify(raw)}`);
  };

/** A YAML 1.2 core boolean, as `core.getBooleanInput` accepts it; `fallback` when empty. */
export const bool =
  (fallback: boolean): InputParser<boolean> =>
  (raw) => {
    if (!raw) return fallback;
    if (['true', 'True', 'TRUE'].includes(raw)) return true;
    if (['false', 'False', 'FALSE'].includes(raw)) return false;
    throw new Error(`expected true or false, got ${JSON.stringify(raw)}`);
  };

/** A multiline list; blank lines and `#` comments dropped; `fallback` when empty. */
export const lines =
  (fallback: readonly string[] = []): InputParser<string[]> =>
  (raw) => {
    const list = raw
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    return list.length ? list : [...fallback];
  };

/**
 * Reads every input of `spec` at once into a typed settings object. All bad
 * inputs are reported together, each error naming its input. (A small
 * reader rather than zod: zod's import alone would cost an action more
 * start-up time than its whole run; see ARCHITECTURE.md.)
 */
export function readInputs<S extends InputSpec>(runner: Pick<ActionRunner, 'input'>, spec: S): InputValues<S> {
  const problems: Diagnostic[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, parse] of Object.entries(spec)) {
    try {
      values[name] = parse(runner.input(name));
    } catch (error) {
      problems.push({ message: `input "${name}": ${(error as Error).message}` });
    }
  }
  if (problems.length) throw new ConfigurationError(problems);
  return values as InputValues<S>;
}
