import { HANDOVER_SCHEMA_VERSION, MAX_HANDOVER_BYTES, serializeHandover, toHandover } from '../../src/handover/handover-document.js';
import { readHandover } from '../../src/handover/read-handover.js';
import { diagnosticsOf, richPersona, singlePersona } from './handover-fixtures.js';

const LABEL = 'input "persona"';
/** A valid hand-over as plain JSON data, to break in one place. */
const plain = (): Record<string, unknown> => JSON.parse(serializeHandover(toHandover(richPersona()))) as Record<string, unknown>;
const read = (data: unknown) => readHandover(JSON.stringify(data), LABEL);
const problems = async (data: unknown) => (await diagnosticsOf(read(data))).map((d) => [d.path, d.message]);

describe('readHandover: versions', () => {
  it('reads a newer minor of its major', async () => {
    const doc = await read({ ...plain(), schema_version: '1.9' });
    expect(doc.schema_version).toBe('1.9');
    expect(doc.id).toBe(toHandover(richPersona()).id);
  });

  it.each(['2.0', '0.1', '10.0'])('refuses schema_version %s, naming both versions', async (version) => {
    expect(await diagnosticsOf(read({ ...plain(), schema_version: version }))).toEqual([
      {
        file: LABEL,
        path: 'schema_version',
        message: `hand-over schema_version ${version} is not supported by this release (reads 1.x); use the same major release of pipeline-personas in every job`,
      },
    ]);
  });

  it('refuses a document without schema_version', async () => {
    const { schema_version: _v, ...unversioned } = plain();
    expect(await diagnosticsOf(read(unversioned))).toEqual([
      {
        file: LABEL,
        path: 'schema_version',
        message: `schema_version is missing: expected a hand-over written by resolve-persona (this release writes ${HANDOVER_SCHEMA_VERSION})`,
      },
    ]);
  });

  it.each([
    [1, 'number 1'],
    ['1', 'string "1"'],
    ['1.0.0', 'string "1.0.0"'],
    [null, 'null'],
  ])('refuses schema_version %j', async (version, shown) => {
    expect(await problems({ ...plain(), schema_version: version })).toEqual([
      ['schema_version', `schema_version must be MAJOR.MINOR such as "1.0", got ${shown}`],
    ]);
  });
});

describe('readHandover: unknown fields', () => {
  it('drops unknown fields at the top level and in every nested object', async () => {
    const data = plain();
    const nested = (key: string) => (data[key] as Array<Record<string, unknown>>).map((item) => ({ ...item, added_in_1_1: true }));
    const newer = {
      ...data,
      schema_version: '1.3',
      rollout: { stage: 'canary' },
      blend: nested('blend'),
      constraints: nested('constraints'),
      optimization_goals: nested('optimization_goals'),
      monitoring_thresholds: nested('monitoring_thresholds'),
      conflicts: (data.conflicts as Array<Record<string, unknown>>).map((c) => ({
        ...c,
        severity: 'high',
        dropped: (c.dropped as Array<Record<string, unknown>>).map((d) => ({ ...d, note: 'x' })),
      })),
    };
    const doc = await read(newer);
    expect(doc).toEqual({ ...toHandover(richPersona()), schema_version: '1.3' });
    expect(JSON.stringify(doc)).not.toMatch(/added_in_1_1|rollout|"note"|"high"/);
  });
});

describe('readHandover: safety', () => {
  it('locates malformed JSON by line and column', async () => {
    const text = '{\n  "schema_version": "1.0",\n  "id" 3\n}';
    const [d, ...rest] = await diagnosticsOf(readHandover(text, 'persona.json'));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'persona.json', line: 3, column: 8 });
    expect(d!.message).toMatch(/^invalid JSON: /);
    expect(d!.message).not.toMatch(/position/);
  });

  it.each([
    ['trailing commas', '{"schema_version": "1.0",}'],
    ['comments', '{"schema_version": "1.0" /* no */}'],
    ['single quotes', "{'schema_version': '1.0'}"],
  ])('is strict JSON: refuses %s', async (_what, text) => {
    expect((await diagnosticsOf(readHandover(text, LABEL)))[0]!.message).toMatch(/^invalid JSON: /);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, each with its path', async () => {
    const data = plain();
    const text = JSON.stringify(data)
      .replace('{"schema_version"', '{"__proto__":{"polluted":true},"schema_version"')
      .replace('"parameter":', '"constructor":1,"parameter":')
      .replace('"metric":', '"prototype":{},"metric":');
    expect(await diagnosticsOf(readHandover(text, LABEL))).toEqual([
      { file: LABEL, path: '__proto__', message: 'key "__proto__" is not allowed' },
      { file: LABEL, path: 'constraints[0].constructor', message: 'key "constructor" is not allowed' },
      { file: LABEL, path: 'optimization_goals[0].prototype', message: 'key "prototype" is not allowed' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses more than 1 MiB, before parsing', async () => {
    const text = `{"schema_version":"1.0","x":"${'a'.repeat(MAX_HANDOVER_BYTES)}"}`;
    expect(await diagnosticsOf(readHandover(text, LABEL))).toEqual([
      { file: LABEL, message: `hand-over is ${text.length} bytes, over the 1 MiB (1048576 bytes) a job output may hold` },
    ]);
  });

  it('counts bytes, not characters', async () => {
    const text = JSON.stringify({ ...plain(), pad: 'é'.repeat(MAX_HANDOVER_BYTES / 2) });
    expect((await diagnosticsOf(readHandover(text, LABEL)))[0]!.message).toMatch(/^hand-over is \d+ bytes, over the 1 MiB/);
  });

  it.each([
    ['', 'hand-over is empty: expected the resolved persona (JSON) that resolve-persona writes'],
    ['  \n', 'hand-over is empty: expected the resolved persona (JSON) that resolve-persona writes'],
    ['[]', 'expected a hand-over object (the resolved persona written by resolve-persona), got an empty list'],
    ['"security-first"', 'expected a hand-over object (the resolved persona written by resolve-persona), got string "security-first"'],
    ['null', 'expected a hand-over object (the resolved persona written by resolve-persona), got null'],
  ])('refuses %j', async (text, message) => {
    expect(await diagnosticsOf(readHandover(text, LABEL))).toEqual([{ file: LABEL, message }]);
  });

  it('accepts a byte-order mark', async () => {
    const doc = toHandover(singlePersona());
    expect(await readHandover(`\uFEFF${serializeHandover(doc)}`, LABEL)).toEqual(doc);
  });

  it('refuses JSON nested deeper than 64 levels with a clear error, without overflowing the stack', async () => {
    const text = `{"schema_version":"1.0","deep":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(await diagnosticsOf(readHandover(text, LABEL))).toEqual([
      {
        file: LABEL,
        message: 'hand-over nests deeper than 64 levels (under "deep"); a hand-over written by resolve-persona nests a few levels',
      },
    ]);
  });

  it('accepts nesting of exactly 64 levels (then reports the fields, not the depth)', async () => {
    const text = `{"schema_version":"1.0","deep":${'['.repeat(63)}${']'.repeat(63)}}`;
    expect((await diagnosticsOf(readHandover(text, LABEL))).map((d) => d.path)).toContain('id');
    const deeper = `{"schema_version":"1.0","deep":${'['.repeat(64)}${']'.repeat(64)}}`;
    expect((await diagnosticsOf(readHandover(deeper, LABEL)))[0]!.message).toMatch(/^hand-over nests deeper than 64 levels/);
  });
});

describe('readHandover: wrong fields', () => {
  it('reports every wrong type at once, each with its path, in our words', async () => {
    const data = plain();
    const constraints = data.constraints as Array<Record<string, unknown>>;
    const thresholds = data.monitoring_thresholds as Array<Record<string, unknown>>;
    const broken = {
      ...data,
      name: 7,
      blend: [{ id: 'Not An Id', weight: 0 }],
      risk_tolerance: 'reckless',
      constraints: [constraints[0], { ...constraints[1], operator: '=<' }, { ...constraints[0], value: 'three' }],
      optimization_goals: 'cost',
      monitoring_thresholds: [{ ...thresholds[0], value: 'INFINITY', from: [] }],
      conflicts: [null],
    };
    // JSON has no Infinity, but 1e999 parses to it.
    const text = JSON.stringify(broken).replace('"INFINITY"', '1e999');
    const diagnostics = await diagnosticsOf(readHandover(text, LABEL));
    const found = diagnostics.map((d) => [d.path, d.message]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['name', 'name must be a string, got number 7'],
        ['blend[0].id', 'invalid id "Not An Id" (ids are [a-z0-9][a-z0-9-]*)'],
        ['blend[0].weight', 'weight must be greater than 0 and at most 1, got 0'],
        ['risk_tolerance', 'unknown risk tolerance "reckless" (expected one of low, medium, high)'],
        ['constraints[1].operator', 'unknown operator "=<" (expected one of =, !=, <, <=, >, >=, in, not_in, includes, excludes, matches)'],
        ['constraints[2].value', 'operator ">=" needs a finite number, got string "three"'],
        ['optimization_goals', 'optimization_goals must be a list, got string "cost"'],
        ['monitoring_thresholds[0].value', 'value must be a finite number, got Infinity'],
        ['monitoring_thresholds[0].from', 'from must name at least one persona'],
        ['conflicts[0]', 'conflicts[0] must be a conflict object, got null'],
      ]),
    );
    expect(found).toHaveLength(10);
    expect(diagnostics.every((d) => d.file === LABEL)).toBe(true);
  });

  it('reports missing required fields by name', async () => {
    const { id: _id, blend: _blend, ...rest } = plain();
    expect(await problems(rest)).toEqual([
      ['id', 'id is required'],
      ['blend', 'blend is required'],
    ]);
  });
});

describe('readHandover: content rules of persona files', () => {
  it('refuses control characters in names, ids, parameters and values, each at its path', async () => {
    const data = plain();
    const constraints = data.constraints as Array<Record<string, unknown>>;
    const broken = {
      ...data,
      name: 'Security\u001b]0;pwned\u0007',
      constraints: [{ ...constraints[0], parameter: 'branch\u202e' }, ...constraints.slice(1)],
    };
    expect(await problems(broken)).toEqual(
      expect.arrayContaining([
        ['name', 'name contains a control character (U+001B) at position 9'],
        ['constraints[0].parameter', 'parameter contains a bidirectional control character (U+202E) at position 7'],
      ]),
    );
  });

  it('lets a description hold line feeds and tabs, nothing else of the kind', async () => {
    const data = plain();
    expect((await read({ ...data, description: 'one\n\ttwo' })).description).toBe('one\n\ttwo');
    expect(await problems({ ...data, description: 'one\rtwo' })).toEqual([
      ['description', 'description contains a control character (U+000D) at position 4 (only line feeds and tabs are allowed)'],
    ]);
  });

  it('refuses a pattern the linear-time engine cannot run, naming the construct', async () => {
    const data = plain();
    const constraints = data.constraints as Array<Record<string, unknown>>;
    const index = constraints.findIndex((c) => c.operator === 'matches');
    const withPattern = (value: string) => ({ ...data, constraints: constraints.map((c, i) => (i === index ? { ...c, value } : c)) });
    expect(await problems(withPattern('(a)\\1'))).toEqual([
      [`constraints[${index}].value`, 'pattern "(a)\\\\1" uses a backreference (\\\\1), which the linear-time engine (RE2 syntax) does not support'],
    ]);
    expect(await problems(withPattern('a\\Z'))).toEqual([
      [`constraints[${index}].value`, 'pattern "a\\\\Z" is not valid RE2 syntax: invalid escape sequence (\\\\Z)'],
    ]);
  });
});

describe('readHandover: loading', () => {
  it('finds its zod schema in the shared parser bundle (src/bundles/parser.ts must export HandoverDocumentSchema)', async () => {
    const parser = (await import('../../src/bundles/parser.js')) as Record<string, unknown>;
    expect(Object.keys(parser)).toContain('HandoverDocumentSchema');
    // The bundle reaches zod through a lazy in-bundle `require` (see src/bundles/parser.ts), which only
    // the bundler provides, so under jest the export is checked by name; test/e2e runs the built bundle.
    expect(typeof parser.HandoverDocumentSchema).toBe('object');
  });
});
