import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HANDOVER_SCHEMA_VERSION, parseSchemaVersion, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { HANDOVER_SCHEMA_FILE, handoverJsonSchema, handoverJsonSchemaText } from '../../src/handover/handover-json-schema.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { schemaUrl } from '../../src/persona/persona-json-schema.js';
import { ROOT } from '../support/run-dist.js';
import { richPersona, singlePersona } from './handover-fixtures.js';
import { everyPropertyDescribed, strictAjv } from './json-schema-checks.js';

describe('toHandover', () => {
  it('puts schema_version first, then the resolved persona unchanged', () => {
    const persona = richPersona();
    const doc = toHandover(persona);
    expect(Object.keys(doc)).toEqual(['schema_version', ...Object.keys(persona)]);
    expect(doc).toEqual({ schema_version: HANDOVER_SCHEMA_VERSION, ...persona });
    expect(persona).not.toHaveProperty('schema_version');
  });

  it("stamps this release's version even over a stale one", () => {
    const stale = { ...singlePersona(), schema_version: '0.9' };
    expect(toHandover(stale).schema_version).toBe(HANDOVER_SCHEMA_VERSION);
    expect(Object.keys(toHandover(stale))[0]).toBe('schema_version');
  });

  it('1.1: records how the persona was selected, after the persona, and drops a stale selection', async () => {
    const selection = { source: 'state' as const, revision: 7, correlation_id: 'dash-42', cohort: 'target' as const };
    const doc = toHandover({ ...richPersona(), source: 'input', cohort: 'none' } as ReturnType<typeof richPersona>, selection);
    expect(Object.keys(doc).slice(-4)).toEqual(['source', 'revision', 'correlation_id', 'cohort']);
    expect(doc).toMatchObject(selection);
    expect(await readHandover(serializeHandover(doc), 'persona.json')).toEqual(doc);
    expect(toHandover(richPersona())).not.toHaveProperty('source');
  });

  it('1.1 reads a 1.0 hand-over, which has no selection fields', async () => {
    const old = { ...toHandover(singlePersona()), schema_version: '1.0' };
    const read = await readHandover(JSON.stringify(old), 'persona.json');
    expect(read).toEqual(old);
    expect(read.revision).toBeUndefined();
  });

  it.each([
    ['revision', -1, /revision must not be negative/],
    ['revision', 1.5, /revision must be a whole number/],
    ['cohort', 'half', /cohort must be target, baseline or none/],
    ['source', 'dashboard', /source must be one of input, event, state, default/],
    ['correlation_id', '$(id)', /correlation_id must be/],
  ])('refuses a bad %s (%j)', async (field, value, message) => {
    const doc = { ...toHandover(singlePersona(), { source: 'state', revision: 1, correlation_id: 'c', cohort: 'none' }), [field]: value };
    await expect(readHandover(JSON.stringify(doc), 'persona.json')).rejects.toThrow(message);
  });

  it('is versioned MAJOR.MINOR', () => {
    expect(parseSchemaVersion(HANDOVER_SCHEMA_VERSION)).toEqual({ major: 1, minor: 2 });
    expect(parseSchemaVersion('1')).toBeUndefined();
    expect(parseSchemaVersion('1.0.0')).toBeUndefined();
    expect(parseSchemaVersion('01.0')).toBeUndefined();
  });
});

describe('serializeHandover', () => {
  it('writes persona.json pretty (2 spaces, final newline) and the output compact', () => {
    const doc = toHandover(singlePersona());
    expect(serializeHandover(doc)).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(serializeHandover(doc, 'compact')).toBe(JSON.stringify(doc));
    expect(serializeHandover(doc, 'compact')).not.toContain('\n');
  });
});

describe('round trip', () => {
  it.each([
    ['a weighted blend with a conflict', richPersona],
    ['a single persona', singlePersona],
  ])('%s: toHandover → serialize → readHandover gives the document back', async (_what, make) => {
    const doc = toHandover(make());
    for (const format of ['pretty', 'compact'] as const) {
      const back = await readHandover(serializeHandover(doc, format), 'persona.json');
      expect(back).toEqual(doc);
    }
  });

  it('the fixture uses every part: conflicts, a blend of three, thresholds with and without window, a switch action', () => {
    const doc = toHandover(richPersona());
    expect(doc.conflicts.length).toBeGreaterThan(0);
    expect(doc.blend).toHaveLength(3);
    expect(doc.monitoring_thresholds.some((t) => t.window === undefined)).toBe(true);
    expect(doc.monitoring_thresholds.some((t) => t.action.startsWith('switch:'))).toBe(true);
    expect(doc.constraints.map((c) => c.operator)).toEqual(expect.arrayContaining(['>=', 'in', 'matches']));
  });
});

describe('schema/resolved-persona.schema.json', () => {
  const schema = handoverJsonSchema();
  const validate = strictAjv().compile(schema);

  it('is what src/handover/handover-json-schema.ts generates (run `npm run generate`)', () => {
    expect(readFileSync(path.join(ROOT, 'schema', HANDOVER_SCHEMA_FILE), 'utf8')).toBe(handoverJsonSchemaText());
  });

  it('is draft-07 with the raw URL of the file on the moving tag as $id', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe(schemaUrl(pkg.repository.url, pkg.version, 'resolved-persona.schema.json'));
  });

  it.each([
    ['a weighted blend with a conflict', richPersona],
    ['a single persona', singlePersona],
  ])('accepts the hand-over of %s', (_what, make) => {
    const doc = JSON.parse(serializeHandover(toHandover(make()))) as unknown;
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('accepts fields a newer minor version adds, and refuses a wrong type', () => {
    const doc = { ...toHandover(singlePersona()), schema_version: '1.7', rollout: { stage: 2 } };
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...doc, blend: [{ id: 'a', weight: 2 }] })).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ instancePath: '/blend/0/weight', keyword: 'maximum' })]);
    const { schema_version: _v, ...unversioned } = doc;
    expect(validate(unversioned)).toBe(false);
  });

  it('describes every property', () => {
    expect(everyPropertyDescribed(schema)).toEqual([]);
    expect(typeof schema.description).toBe('string');
  });
});
