/**
 * The zod field builders the persona and catalog schemas share: each wording
 * its own messages so a located error reads the same from every file kind.
 * Loads zod: only the parser's zod path and the schema generators import it.
 */
import { z } from 'zod';
import { describeValue } from '../errors/describe-value.js';
import { formatPath } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from './control-characters.js';

/** One of `options`; messages name the field (`unknown severity "x" (expected one of …)`). */
export const oneOf = <const T extends readonly [string, ...string[]]>(name: string, options: T) =>
  z.enum(options, {
    error: (issue) =>
      issue.input === undefined
        ? `${name} is required (one of ${options.join(', ')})`
        : typeof issue.input === 'string'
          ? `unknown ${name} ${quote(issue.input)} (expected one of ${options.join(', ')})`
          : `${name} must be one of ${options.join(', ')}, got ${describeValue(issue.input)}`,
  });

/** A finite number; messages name the field. */
export const finite = (what: string) =>
  z.number({
    error: (issue) =>
      issue.input === undefined
        ? `${what} is required`
        : typeof issue.input === 'number'
          ? `${what} must be a finite number, got ${String(issue.input)}`
          : `${what} must be a number, got ${describeValue(issue.input)}`,
  });

/**
 * A string without control characters (see control-characters.ts), checked
 * first and alone: the message names the character and its position, and
 * the pattern reaches the JSON schema. `freeText` allows `\n` and `\t`.
 */
export const plainString = (what: string, type: (input: unknown) => string, freeText = false) =>
  z.string({ error: (issue) => type(issue.input) }).regex(freeText ? NO_CONTROL_CHARACTERS_IN_FREE_TEXT : NO_CONTROL_CHARACTERS, {
    error: (issue) => controlCharacterMessage(what, issue.input, freeText) ?? `${what} contains a control character`,
    abort: true,
  });

/** A string with a non-blank character; the value is trimmed. `\S` also gives the JSON schema its pattern. */
export const nonEmpty = (what: string) =>
  plainString(what, (input) => (input === undefined ? `${what} is required` : `${what} must be a string, got ${describeValue(input)}`))
    .trim()
    .regex(/\S/, { error: `${what} must not be empty` });

/**
 * A strict object whose "not an object" message names the entry by its full
 * path (`personas[1] must be a persona object, got null`) and, for small
 * objects, the keys it needs. zod hands error maps the path from the root
 * being parsed, which is the path the parser reports.
 */
export const entry = <S extends z.core.$ZodLooseShape>(noun: string, shape: S, listKeys: boolean) => {
  const required = Object.keys(shape).filter((k) => !(shape[k] as z.ZodType).safeParse(undefined).success);
  const keys = listKeys ? ` (${required.join(', ')})` : '';
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'invalid_type') return undefined;
      const path = (issue.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
      return `${path.length ? formatPath(path) : noun} must be a ${noun} object${keys}, got ${describeValue(issue.input)}`;
    },
  });
};
