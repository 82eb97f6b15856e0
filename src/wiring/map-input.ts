import { importBundle } from '../edge/load-bundle.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import type { Path, Where } from '../persona/parse-types.js';

/** The most entries a map input may have. */
const MAX_ENTRIES = 100;
/** The most characters a key may have. */
const MAX_KEY_CHARS = 100;

/** What a map input's values may be: text (`suites`: tier → command) or labels (`runners`: size → label or list of labels). */
export type MapValues = 'text' | 'labels';

/**
 * Reads an input holding a YAML (or JSON) mapping of names to text, such as
 * `suites` (tier → command) or `runners` (size → runner label, or a list of
 * labels). The text goes through the persona file parser's full path (the
 * yaml library from `dist/bundles/parser-full`, loaded only here): syntax,
 * nesting, aliases, duplicate and forbidden keys, each problem located by
 * line and column in the input. Every problem is reported at once; the input
 * is named as the file. Returns a null-prototype map in the input's order.
 */
export async function readMapInput(text: string, input: string, values: MapValues): Promise<Record<string, string | string[]>> {
  const file = `input "${input}"`;
  const problems: Diagnostic[] = [];
  const report = (message: string, where: Where = {}, path?: Path) =>
    problems.push({ file, ...where, ...(path?.length ? { path: path.join('.') } : {}), message: mapWording(message) });
  const { readFull } = await importBundle('parser-full', () => import(/* webpackIgnore: true */ '../persona/parse-full.js'));
  const read = readFull(text, false, report);
  const out: Record<string, string | string[]> = Object.create(null);
  if (read) {
    const entries = Object.entries(read.data);
    if (entries.length > MAX_ENTRIES) report(`has ${entries.length} entries; at most ${MAX_ENTRIES}`);
    for (const [key, value] of entries.slice(0, MAX_ENTRIES)) {
      const where = read.locate([key], true);
      if (key.length > MAX_KEY_CHARS || !/^[A-Za-z0-9][\w.-]*$/.test(key)) report(`key ${quote(key)} must be a name (letters, digits, - _ .)`, where, [key]);
      else if (typeof value === 'string' && value.trim()) out[key] = value;
      else if (values === 'labels' && isLabelList(value)) out[key] = value;
      else report(`${key} must be ${values === 'text' ? 'a non-empty string' : 'a runner label or a list of labels'}`, read.locate([key]), [key]);
    }
  }
  if (problems.length) throw new ConfigurationError(problems);
  return out;
}

/** The parser's words for a persona file, said of a map input. */
function mapWording(message: string): string {
  return /^(file is empty|expected a persona object)/.test(message) ? 'must be a mapping of names to values (`name: value` lines)' : message;
}

/** A non-empty list of at most 20 non-empty strings. */
function isLabelList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.length <= 20 && value.every((v) => typeof v === 'string' && v.trim() !== '');
}
