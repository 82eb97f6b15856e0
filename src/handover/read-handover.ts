import { ConfigurationError } from '../errors/configuration-error.js';
import { type Diagnostic, formatPath } from '../errors/diagnostic.js';
import { importBundle } from '../edge/load-bundle.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import { isRecord } from '../persona/is-record.js';
import { FORBIDDEN_KEYS, MAX_NESTING_DEPTH } from '../persona/vocabulary.js';
import { describeValue } from '../errors/describe-value.js';
import { quote } from '../errors/quote.js';
import { loadPatternEngine } from '../edge/pattern-engine-loader.js';
import { patternProblem } from '../persona/pattern-engine.js';
import { isSimplePattern } from '../persona/simple-pattern.js';
import { HANDOVER_SCHEMA_VERSION, type HandoverDocument, MAX_HANDOVER_BYTES, parseSchemaVersion } from './handover-document.js';
import { fastHandover } from './fast-handover.js';
import { parseStrictJson } from './parse-strict-json.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Reads a hand-over written by resolve-persona (the `persona` output or
 * persona.json) with the safety rules of persona files: at most 1 MiB,
 * strict JSON, nesting at most 64 levels deep, no
 * `__proto__`/`constructor`/`prototype` key anywhere, every field checked
 * (no control characters in names, ids, metrics, parameters and values),
 * every `matches` pattern outside the simple subset compiled on the
 * linear-time engine (loaded only when there is one). `label` names where the text came from in messages
 * (`input "persona"`, a file path).
 *
 * Any minor version of this release's major is read, fields it does not
 * know are dropped; another major, or no `schema_version`, is refused.
 * Async: zod is loaded (from the shared `parser` bundle, which must export
 * HandoverDocumentSchema) only here, once the cheap checks have passed.
 * Every problem is reported at once as a ConfigurationError whose
 * diagnostics carry `file: label` and the path of the value.
 */
export async function readHandover(text: string, label: string): Promise<HandoverDocument> {
  const fail = (diagnostics: Diagnostic[]): never => {
    throw new ConfigurationError(diagnostics);
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_HANDOVER_BYTES)
    fail([{ file: label, message: `hand-over is ${bytes} bytes, over the 1 MiB (${MAX_HANDOVER_BYTES} bytes) a job output may hold` }]);
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  if (!source.trim()) fail([{ file: label, message: 'hand-over is empty: expected the resolved persona (JSON) that resolve-persona writes' }]);

  const data = parseStrictJson(source, label);
  if (!isRecord(data))
    fail([{ file: label, message: `expected a hand-over object (the resolved persona written by resolve-persona), got ${describeValue(data)}` }]);
  const scan = scanStructure(data);
  if (scan.tooDeep)
    fail([
      {
        file: label,
        message: `hand-over nests deeper than ${MAX_NESTING_DEPTH} levels (under ${quote(String(scan.tooDeep))}); a hand-over written by resolve-persona nests a few levels`,
      },
    ]);
  const forbidden = scan.forbidden.map((path) => ({ file: label, path: formatPath(path), message: `key "${String(path.at(-1))}" is not allowed` }));
  if (forbidden.length) fail(forbidden);
  checkVersion((data as Record<string, unknown>).schema_version, label);

  // A well-formed hand-over is proved by the generated validator; zod (from the parser bundle) only words what is wrong.
  const document = fastHandover(data) ?? (await withZod(data, label));
  const refused = await refusedPatterns(document, label);
  if (refused.length) fail(refused);
  return document;
}

/** Every `matches` pattern of the hand-over (constraints and dropped ones) that the linear-time engine refuses, at its path. */
/** The document as zod reads it (defaults filled in, unknown keys dropped), or a ConfigurationError with every issue at its path. */
async function withZod(data: unknown, label: string): Promise<HandoverDocument> {
  const { HandoverDocumentSchema } = await importBundle('parser', () => import(/* webpackIgnore: true */ './handover-schema.js'));
  const result = HandoverDocumentSchema.safeParse(data);
  if (!result.success)
    throw new ConfigurationError(
      result.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { file: label, ...(path.length ? { path: formatPath(path) } : {}), message: issue.message };
      }),
    );
  // The schema's constraint values are `unknown[]` for lists; the refinement checked their items are scalars.
  return result.data as HandoverDocument;
}

async function refusedPatterns(document: HandoverDocument, label: string): Promise<Diagnostic[]> {
  const patterns: Array<{ path: Array<string | number>; pattern: string }> = [];
  document.constraints.forEach((c, i) => c.operator === 'matches' && patterns.push({ path: ['constraints', i, 'value'], pattern: String(c.value) }));
  document.conflicts.forEach((conflict, i) =>
    conflict.dropped.forEach((c, j) => c.operator === 'matches' && patterns.push({ path: ['conflicts', i, 'dropped', j, 'value'], pattern: String(c.value) })),
  );
  // A simple pattern is valid RE2 within the engine's limits without compiling it (as for a library).
  const unproven = patterns.filter(({ pattern }) => !isSimplePattern(pattern));
  if (!unproven.length) return [];
  const engine = await loadPatternEngine();
  return unproven.flatMap(({ path, pattern }) => {
    const message = patternProblem(pattern, engine);
    return message ? [{ file: label, path: formatPath(path), message }] : [];
  });
}

/** Fails unless `version` is `MAJOR.MINOR` with this release's major. */
function checkVersion(version: unknown, label: string): void {
  const at = { file: label, path: 'schema_version' };
  const current = parseSchemaVersion(HANDOVER_SCHEMA_VERSION)!;
  if (version === undefined)
    throw new ConfigurationError({
      ...at,
      message: `schema_version is missing: expected a hand-over written by resolve-persona (this release writes ${HANDOVER_SCHEMA_VERSION})`,
    });
  const parsed = typeof version === 'string' ? parseSchemaVersion(version) : undefined;
  if (!parsed) throw new ConfigurationError({ ...at, message: `schema_version must be MAJOR.MINOR such as "1.0", got ${describeValue(version)}` });
  if (parsed.major !== current.major)
    throw new ConfigurationError({
      ...at,
      message: `hand-over schema_version ${String(version)} is not supported by this release (reads ${current.major}.x); use the same major release of pipeline-personas in every job`,
    });
}

/**
 * One iterative walk of the parsed value (JSON may nest deeply): the paths
 * of every `__proto__`/`constructor`/`prototype` key, and, when some value
 * nests deeper than {@link MAX_NESTING_DEPTH} levels, the top-level key it
 * is under (the walk stops descending there). Paths are built only when found.
 */
function scanStructure(root: unknown): { forbidden: Array<Array<string | number>>; tooDeep?: string | number } {
  type Node = { value: unknown; key?: string | number; parent?: Node; depth: number };
  const pathOf = (node: Node): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
    return path;
  };
  const found: Array<Array<string | number>> = [];
  let tooDeep: string | number | undefined;
  const stack: Node[] = [{ value: root, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value, depth } = node;
    if ((Array.isArray(value) || isRecord(value)) && depth >= MAX_NESTING_DEPTH) {
      tooDeep ??= pathOf(node)[0] ?? '';
      continue;
    }
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, key: i, parent: node, depth: depth + 1 }));
    else if (isRecord(value))
      for (const [key, child] of Object.entries(value)) {
        const next = { value: child, key, parent: node, depth: depth + 1 };
        if (FORBIDDEN_KEYS.has(key)) found.push(pathOf(next));
        stack.push(next);
      }
  }
  const forbidden = found
    .map((path) => ({ path, text: formatPath(path) }))
    .sort((a, b) => byCodeUnit(a.text, b.text))
    .map((f) => f.path);
  return tooDeep === undefined ? { forbidden } : { forbidden, tooDeep };
}
