/**
 * The zod schema of a catalog file (a library file whose top level is
 * `catalogs:`): entries that add options to the stages' built-in catalogs
 * or replace them. The single source of truth of the format, as
 * persona-schema.ts is for personas: the parser's catalogs path
 * (parse-catalogs.ts) validates with it and schema/catalog.schema.json is
 * generated from it. Importing this module loads zod: it belongs to the
 * parser-full bundle's side, never to the cold path.
 */
import { z } from 'zod';
import { describeValue } from '../errors/describe-value.js';
import { formatPath } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_IN_FREE_TEXT } from './control-characters.js';
import { isRecord } from './is-record.js';
import { draft07Schema, jsonSchemaText, packageSchemaUrl } from './persona-json-schema.js';
import { ID_PATTERN } from './vocabulary.js';

/** The catalogs a file may add to, in the order they are documented. */
export const CATALOG_NAMES = ['build', 'test', 'instance-types', 'strategies'] as const;
/** A catalog a file may add to. */
export type CatalogName = (typeof CATALOG_NAMES)[number];

/** The most options one document may give one catalog. */
export const MAX_CATALOG_OPTIONS = 1000;
/** The most entries of an option's `parameters` or `estimates`, and of a catalog's `metrics` or `goals`. */
export const MAX_CATALOG_MAP_ENTRIES = 50;
/** The longest string value of a parameter. */
export const MAX_PARAMETER_STRING = 200;
/** The longest option description. */
export const MAX_OPTION_DESCRIPTION = 1000;
/** Names of parameters, metrics and goals: a letter or `_`, then letters, digits, `_`, `.` or `-`; at most 64 characters. */
export const CATALOG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** The zod path as a string, for messages that name the field (`catalogs.build.options[0].parameters`). */
const pathOf = (path: ReadonlyArray<PropertyKey> | undefined): string => formatPath((path ?? []).filter((p): p is string | number => typeof p !== 'symbol'));

/** A string field without control characters (free text allows `\n` and `\t`) and at most `max` characters. */
const text = (what: string, max: number, freeText = false) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string, got ${describeValue(issue.input)}`) })
    .regex(freeText ? NO_CONTROL_CHARACTERS_IN_FREE_TEXT : NO_CONTROL_CHARACTERS, {
      error: (issue) => controlCharacterMessage(what, issue.input, freeText) ?? `${what} contains a control character`,
      abort: true,
    })
    .max(max, { error: (issue) => `${what} is longer than ${max} characters (${String((issue.input as string).length)})` });

/** A finite number; Infinity and NaN (`.inf`, `.nan`) are refused with what they are. */
const finite = (what: string) =>
  z.number({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `${what} must be a finite number, got ${String(issue.input)}`
        : `${what} must be a number, got ${describeValue(issue.input)}`,
  });

/**
 * A map of names (see {@link CATALOG_KEY_PATTERN}) to values, at most
 * {@link MAX_CATALOG_MAP_ENTRIES} entries; the size is checked even when an
 * entry is wrong, so an oversized map says so.
 */
const nameMap = <V extends z.ZodType>(what: string, value: V) =>
  z
    .record(z.string().regex(CATALOG_KEY_PATTERN), value, {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? `invalid name ${quote(String(issue.input))} in ${what} (names are letters, digits, "_", "." or "-", starting with a letter or "_", at most 64 characters)`
          : `${what} must be a map, got ${describeValue(issue.input)}`,
    })
    .superRefine(
      (map, ctx) => {
        const size = Object.keys(map).length;
        if (size > MAX_CATALOG_MAP_ENTRIES)
          ctx.addIssue({ code: 'custom', message: `${what} has ${size} entries, more than ${MAX_CATALOG_MAP_ENTRIES}`, input: map });
      },
      { when: (payload) => isRecord(payload.value) },
    )
    .default({});

/** A parameter's value: a string, a finite number or a boolean. */
const ParameterValueSchema = z.union([text('value', MAX_PARAMETER_STRING), finite('value'), z.boolean()], {
  // A string failed the string rules: say which, never echoing it (a message must not carry its control characters).
  error: (issue) =>
    typeof issue.input === 'string'
      ? (controlCharacterMessage('value', issue.input) ?? `value is longer than ${MAX_PARAMETER_STRING} characters (${issue.input.length})`)
      : `a parameter must be a string, number or boolean, got ${describeValue(issue.input)}`,
});

/** A strict object whose "not an object" message names the entry by its path and lists its required keys. */
const entry = <S extends z.core.$ZodLooseShape>(noun: string, shape: S, required: string) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'invalid_type' ? `${pathOf(issue.path) || noun} must be a ${noun} object${required}, got ${describeValue(issue.input)}` : undefined,
  });

/** One option of a catalog, as written in a catalog file. */
export const CatalogOptionSchema = entry(
  'catalog option',
  {
    id: text('id', 100)
      .regex(ID_PATTERN, { error: (issue) => `invalid option id ${quote(String(issue.input))} (ids are [a-z0-9][a-z0-9-]*)` })
      .describe('The option id, `[a-z0-9][a-z0-9-]*`, unique within the catalog; an id the catalog already has replaces that option in place.'),
    description: text('description', MAX_OPTION_DESCRIPTION, true).optional().describe('One sentence shown in explanations.'),
    parameters: nameMap('parameters', ParameterValueSchema).describe(
      `What choosing the option sets, checked against the persona's constraints: strings (at most ${MAX_PARAMETER_STRING} characters), finite numbers or booleans; at most ${MAX_CATALOG_MAP_ENTRIES}.`,
    ),
    estimates: nameMap('estimates', finite('estimate')).describe(
      `Estimated metric values (finite numbers), scored against the persona's goals; every metric needs a direction (the built-in catalog's, or this entry's \`metrics\`). At most ${MAX_CATALOG_MAP_ENTRIES}.`,
    ),
  },
  ' with an id',
).describe('One option: its id, the parameters it sets, and its estimated metric values.');

/** One duplicate-id issue per option whose id an earlier option of the same entry has. */
function checkUniqueIds(value: { options?: unknown }, ctx: z.RefinementCtx): void {
  if (!Array.isArray(value.options) || value.options.length > MAX_CATALOG_OPTIONS) return;
  const seen = new Map<string, number>();
  value.options.forEach((option: unknown, i) => {
    const id = isRecord(option) && typeof option.id === 'string' ? option.id : undefined;
    if (id === undefined) return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `option id ${quote(id)} is already used by options[${first}]`, input: id });
  });
}

/** What one document gives one catalog. */
export const CatalogEntrySchema = entry(
  'catalog',
  {
    replace: z
      .boolean({ error: (issue) => `replace must be true or false, got ${describeValue(issue.input)}` })
      .default(false)
      .describe("`true` replaces the catalog's options with these; `false` (default) adds them, an option with an existing id replacing that one in place."),
    metrics: nameMap(
      'metrics',
      z.enum(['lower', 'higher'], { error: (issue) => `a metric direction must be lower or higher, got ${describeValue(issue.input)}` }),
    ).describe('The direction of each metric new to the catalog: `lower` (less is better: cost, time) or `higher`.'),
    goals: nameMap('goals', text('metric', 64).regex(CATALOG_KEY_PATTERN, { error: (issue) => `invalid metric name ${quote(String(issue.input))}` })).describe(
      'Goal → the metric it is scored by, for goals the options do not estimate under their own name (`sustainability: carbon`).',
    ),
    options: z
      .array(CatalogOptionSchema, { error: (issue) => `options must be a list, got ${describeValue(issue.input)}` })
      .max(MAX_CATALOG_OPTIONS, { error: (issue) => `options has ${String((issue.input as unknown[]).length)} items, more than ${MAX_CATALOG_OPTIONS}` })
      .default([])
      .describe(`The options to add or replace, in catalog order (ties are broken by it); at most ${MAX_CATALOG_OPTIONS}.`),
  },
  '',
)
  .superRefine(checkUniqueIds, { when: (payload) => isRecord(payload.value) })
  .superRefine(
    (value, ctx) => {
      if (value.replace === true && Array.isArray(value.options) && value.options.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: 'replace: true needs at least one option (a catalog with no options can choose nothing)',
          input: value.options,
        });
    },
    { when: (payload) => isRecord(payload.value) },
  )
  .describe('What this file gives one catalog: options, metric directions and goal aliases, added to the built-in catalog or replacing its options.');

/** What each catalog holds, for the JSON schema. */
const CATALOG_DESCRIPTIONS: Record<CatalogName, string> = {
  build: 'Build profiles (`build_profile`), chosen one per build by adapt-build.',
  test: 'Test tiers (`test_tiers`), chosen as a set by adapt-test.',
  'instance-types': 'Instance types (`instance_type`), one chosen per deployment by adapt-deploy (cost per hour, vCPU, memory, a performance score).',
  strategies: 'Deployment strategies (`strategy`), one chosen per deployment by adapt-deploy.',
};

const catalogShape = Object.fromEntries(CATALOG_NAMES.map((name) => [name, CatalogEntrySchema.optional().describe(CATALOG_DESCRIPTIONS[name])])) as Record<
  CatalogName,
  z.ZodOptional<typeof CatalogEntrySchema>
>;

/** A catalog file: `catalogs:` (and `$schema`), nothing else. */
export const CatalogFileSchema = z
  .strictObject({
    $schema: text('$schema', 2000).optional().describe('Path or URL of this JSON schema, for editors; the actions ignore it.'),
    catalogs: z
      .strictObject(catalogShape, {
        error: (issue) => `catalogs must be a map of catalog names (${CATALOG_NAMES.join(', ')}) to entries, got ${describeValue(issue.input)}`,
      })
      .superRefine(
        (value, ctx) => {
          if (Object.keys(value).length === 0)
            ctx.addIssue({ code: 'custom', message: `catalogs must name at least one catalog (${CATALOG_NAMES.join(', ')})`, input: value });
        },
        { when: (payload) => isRecord(payload.value) && payload.issues.length === 0 },
      )
      .describe(`The catalogs this file adds to: ${CATALOG_NAMES.map((n) => `\`${n}\``).join(', ')}.`),
  })
  .describe('A catalog file: options for the stages to choose among, added to the built-in catalogs or replacing them. `x-` keys are yours.');

/** A catalog entry as zod outputs it. */
export type ParsedCatalogEntry = z.output<typeof CatalogEntrySchema>;

/** The file name of the catalog schema under schema/. */
export const CATALOG_SCHEMA_FILE = 'catalog.schema.json';

/**
 * Adds what zod's refinements cannot say to the generated JSON schema: `x-`
 * keys allowed beside strict objects' keys, the size of the name maps, and
 * at least one catalog.
 */
function addCatalogRules(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addCatalogRules);
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (obj.type === 'object' && obj.additionalProperties === false) obj.patternProperties = { '^x-': { description: 'Yours: ignored by the actions.' } };
  if (obj.type === 'object' && obj.propertyNames) obj.maxProperties = MAX_CATALOG_MAP_ENTRIES;
  Object.values(obj).forEach(addCatalogRules);
}

/** The catalog file's JSON schema (schema/catalog.schema.json): draft-07, `$id` the raw URL on the release's moving tag. */
export function catalogJsonSchemaText(): string {
  const json = draft07Schema(
    CatalogFileSchema,
    [
      [CatalogEntrySchema, 'Catalog'],
      [CatalogOptionSchema, 'Option'],
    ],
    'input',
  );
  const { $schema, definitions, description, ...root } = json;
  addCatalogRules(definitions);
  addCatalogRules(root);
  const catalogs = (root.properties as Record<string, Record<string, unknown>>).catalogs!;
  catalogs.minProperties = 1;
  return jsonSchemaText({
    $schema,
    $id: packageSchemaUrl(CATALOG_SCHEMA_FILE),
    title: 'Pipeline persona catalogs',
    description: `${String(description)} Generated from src/persona/catalog-schema.ts; do not edit.`,
    ...root,
    definitions,
  });
}
