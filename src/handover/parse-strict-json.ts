import { ConfigurationError } from '../errors/configuration-error.js';
import { jsonSyntaxError } from '../errors/json-syntax-error.js';

/**
 * Parses strict JSON (`JSON.parse`: no comments, no trailing commas),
 * failing with a ConfigurationError in `label` located by line and column
 * where V8's message gives a position (every message does on Node 22+).
 */
export function parseStrictJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { message, ...where } = jsonSyntaxError(text, error);
    throw new ConfigurationError({ file: label, ...where, message: `invalid JSON: ${message}` });
  }
}
