/**
 * A small JSON-schema checker for the subset the hand-over's generated
 * schema uses (`type` with `integer` and type lists, `properties`,
 * `required`, `items`, `minItems`, `enum`, `pattern`, `minimum`, `maximum`,
 * `exclusiveMinimum`, `allOf`, `anyOf`), interpreting the schema as data.
 * It answers only yes or no: zod words the problems. Compiling ajv's
 * standalone code for the same schema cost a stage ≈ 10 ms of start-up (one
 * 200 KB function); the schema as data is parsed like any JSON and this
 * walker is compiled once. test/handover/schema-check.test.ts holds it to
 * ajv's answers. A keyword it does not know makes it answer no, so an
 * unknown construct can only send a document to zod, never let one through.
 */

/** A JSON schema node as data. */
export type SchemaNode = { [keyword: string]: unknown };

const KNOWN = new Set([
  'type',
  'properties',
  'required',
  'items',
  'minItems',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'allOf',
  'anyOf',
  'default',
  '$schema',
]);

/** Each pattern compiled once, with the `u` flag as ajv's `unicodeRegExp`. */
const patterns = new Map<string, RegExp>();
const compiled = (source: string): RegExp => {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
};

/** Whether `value` has the JSON type `type` (numbers finite, as ajv's `strictNumbers`). */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

/** The number keywords of `node` hold for `value` (only numbers are constrained). */
function numberHolds(node: SchemaNode, value: unknown): boolean {
  if (typeof value !== 'number') return true;
  if (typeof node.minimum === 'number' && value < node.minimum) return false;
  if (typeof node.maximum === 'number' && value > node.maximum) return false;
  if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) return false;
  return true;
}

/** The object and list keywords of `node` hold for `value`. */
function structureHolds(node: SchemaNode, value: unknown): boolean {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (Array.isArray(node.required) && !node.required.every((k) => Object.hasOwn(record, k as string))) return false;
    const props = node.properties as Record<string, SchemaNode> | undefined;
    if (props) for (const [key, sub] of Object.entries(props)) if (Object.hasOwn(record, key) && !matchesSchema(record[key], sub)) return false;
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) return false;
    if (node.items && !value.every((item) => matchesSchema(item, node.items as SchemaNode))) return false;
  }
  return true;
}

/** Whether `value` satisfies `node` (the subset above); false for any keyword outside it. */
export function matchesSchema(value: unknown, node: SchemaNode): boolean {
  for (const keyword of Object.keys(node)) if (!KNOWN.has(keyword)) return false;
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    if (!types.some((t) => hasType(value, t))) return false;
  }
  if (Array.isArray(node.enum) && !node.enum.some((e) => e === value)) return false;
  if (typeof node.pattern === 'string' && typeof value === 'string' && !compiled(node.pattern).test(value)) return false;
  if (!numberHolds(node, value) || !structureHolds(node, value)) return false;
  if (Array.isArray(node.allOf) && !node.allOf.every((sub) => matchesSchema(value, sub as SchemaNode))) return false;
  if (Array.isArray(node.anyOf) && !node.anyOf.some((sub) => matchesSchema(value, sub as SchemaNode))) return false;
  return true;
}
