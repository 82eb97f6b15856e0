import { ConfigurationError } from '../errors/configuration-error.js';
import { type Diagnostic, formatPath } from '../errors/diagnostic.js';
import { importBundle } from '../edge/load-bundle.js';
import { byCodeUnit } from '../persona/code-unit-order.js';
import { isRecord } from '../persona/is-record.js';
import { FORBIDDEN_KEYS } from '../persona/vocabulary.js';
import { describeValue } from '../errors/describe-value.js';
import { HANDOVER_SCHEMA_VERSION, type HandoverDocument, MAX_HANDOVER_BYTES, parseSchemaVersion } from './handover-document.js';
import { parseStrictJson } from './parse-strict-json.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Reads a hand-over written by resolve-persona (the `persona` output or
 * persona.json) with the safety rules of persona files: at most 1 MiB,
 * strict JSON, no `__proto__`/`constructor`/`prototype` key anywhere, every
 * field checked. `label` names where the text came from in messages
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
  const forbidden = forbiddenKeys(data).map((path) => ({ file: label, path: formatPath(path), message: `key "${String(path.at(-1))}" is not allowed` }));
  if (forbidden.length) fail(forbidden);
  checkVersion((data as Record<string, unknown>).schema_version, label);

  const { HandoverDocumentSchema } = await importBundle('parser', () => import(/* webpackIgnore: true */ './handover-schema.js'));
  const result = HandoverDocumentSchema.safeParse(data);
  if (!result.success)
    fail(
      result.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { file: label, ...(path.length ? { path: formatPath(path) } : {}), message: issue.message };
      }),
    );
  // The schema's constraint values are `unknown[]` for lists; the refinement checked their items are scalars.
  return result.data as HandoverDocument;
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

/** Paths of every `__proto__`/`constructor`/`prototype` key, at any depth (iterative, paths built only when found: JSON may nest deeply). */
function forbiddenKeys(root: unknown): Array<Array<string | number>> {
  type Node = { value: unknown; key?: string | number; parent?: Node };
  const pathOf = (node: Node): Array<string | number> => {
    const path: Array<string | number> = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.unshift(n.key);
    return path;
  };
  const found: Array<Array<string | number>> = [];
  const stack: Node[] = [{ value: root }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value } = node;
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, key: i, parent: node }));
    else if (isRecord(value))
      for (const [key, child] of Object.entries(value)) {
        const next = { value: child, key, parent: node };
        if (FORBIDDEN_KEYS.has(key)) found.push(pathOf(next));
        stack.push(next);
      }
  }
  return found
    .map((path) => ({ path, text: formatPath(path) }))
    .sort((a, b) => byCodeUnit(a.text, b.text))
    .map((f) => f.path);
}
