/** A real JSON-schema validator for the generated schemas, and a check that they describe every field. */
import AjvModule from 'ajv';

// ajv is CommonJS: its class is the default export's `default` for TypeScript under NodeNext (and, equally, at run time).
const Ajv = AjvModule.default;

/**
 * ajv (draft-07) in strict mode, reporting every error. Two strict checks
 * are relaxed because the schemas use them on purpose: `strictRequired`
 * (the root's `if: { required: ['personas'] }` tests for a key it does not
 * define) and union types (`type: [string, number, boolean]`).
 */
export function strictAjv(): InstanceType<typeof Ajv> {
  return new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
}

/** JSON pointers of every property schema, at any depth, that has no `description` (`if` only tests, so its properties are skipped). */
export function everyPropertyDescribed(schema: unknown, at = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => everyPropertyDescribed(s, `${at}/${i}`));
  if (!schema || typeof schema !== 'object') return [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === 'if') continue;
    if ((key === 'properties' || key === 'patternProperties') && value && typeof value === 'object')
      for (const [name, property] of Object.entries(value as Record<string, unknown>))
        if (typeof (property as { description?: unknown }).description !== 'string') missing.push(`${at}/${key}/${name}`);
    missing.push(...everyPropertyDescribed(value, `${at}/${key}`));
  }
  return missing;
}
