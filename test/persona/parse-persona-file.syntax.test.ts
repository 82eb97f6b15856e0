import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { errorsOf, F, lines, onlyError } from './helpers.js';

describe('parsePersonaFile: YAML syntax', () => {
  it('reports a YAML syntax error with its position', () => {
    expect(onlyError(F, lines('name: A', 'constraints:', '\t- x'))).toBe('personas/cost.yml:3:1: Tabs are not allowed as indentation');
  });

  it('reports every YAML syntax error', () => {
    expect(errorsOf(F, lines('name: A', 'constraints: [', '  - x'))).toEqual([
      'personas/cost.yml:3:3: Block collections are not allowed within flow collections',
      'personas/cost.yml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('sorts YAML errors and warnings together by position', () => {
    expect(errorsOf(F, lines('name: !custom A', 'x-a: 1', 'x-a: 2'))).toEqual([
      'personas/cost.yml:1:7: Unresolved tag: "!custom"',
      'personas/cost.yml:3:1: Map keys must be unique',
    ]);
  });

  it('rejects a duplicate key at the second occurrence', () => {
    expect(onlyError(F, lines('name: A', 'risk_tolerance: low', 'name: B'))).toBe('personas/cost.yml:3:1: Map keys must be unique');
  });

  it('says in its own words that a file holds one document', () => {
    expect(onlyError(F, lines('name: A', '---', 'name: B'))).toBe(
      'personas/cost.yml:2:1: a persona file holds one YAML document; found several (start the next persona under "personas:" instead)',
    );
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing here\n'],
    ['a null document', 'null\n'],
  ])('rejects %s', (_what, text) => {
    expect(onlyError(F, text)).toBe('personas/cost.yml: file is empty: expected a persona or { personas: [...] }');
  });

  it('rejects a top-level list', () => {
    expect(onlyError(F, lines('- name: A', '- name: B'))).toBe('personas/cost.yml:1:1: expected a persona object or { personas: [...] }, got a list');
  });

  it('locates a top-level list after a comment', () => {
    expect(onlyError(F, lines('# personas', '- name: A'))).toBe('personas/cost.yml:2:1: expected a persona object or { personas: [...] }, got a list');
  });

  it('rejects a top-level scalar', () => {
    expect(onlyError(F, 'hello\n')).toBe('personas/cost.yml:1:1: expected a persona object or { personas: [...] }, got string');
  });
});

describe('parsePersonaFile: JSON syntax', () => {
  it('reports a JSON syntax error in a .json file', () => {
    // The wording after "invalid JSON:" is V8's and varies across Node versions; the location does not.
    expect(onlyError('personas/a.json', lines('{', '  "name": "A"', '  "risk_tolerance": "low"', '}'))).toMatch(/^personas\/a\.json:3:3: invalid JSON: \S/);
  });

  it('reports an unquoted JSON key in a .json file', () => {
    expect(onlyError('personas/a.json', '{name: "A"}')).toMatch(/^personas\/a\.json:1:2: invalid JSON: .*property name/);
  });

  it('reports an unclosed JSON object', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",'))).toMatch(/^personas\/a\.json:(2:15|3:1): invalid JSON: \S/);
  });

  it('rejects what YAML would accept but JSON does not: trailing commas, comments, single quotes', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",', '}'))).toMatch(/^personas\/a\.json:3:1: invalid JSON: /);
    expect(onlyError('personas/a.json', lines('{', '  // note', '  "name": "A"', '}'))).toMatch(/^personas\/a\.json:2:3: invalid JSON: /);
    expect(onlyError('personas/a.json', "{'name': 'A'}")).toMatch(/^personas\/a\.json:1:2: invalid JSON: /);
  });

  it('rejects a duplicate key in JSON', () => {
    expect(onlyError('personas/a.json', lines('{', '  "name": "A",', '  "name": "B"', '}'))).toBe('personas/a.json:3:3: Map keys must be unique');
  });

  it.each(['https://example.com/personas/a.json?ref=main', 'https://example.com/personas/a.JSON#L1', 'owner/repo/a.json?ref=v1#top'])(
    'reads %s as JSON despite its query or fragment',
    (file) => {
      expect(onlyError(file, '{name: "A"}')).toMatch(new RegExp(`^${file.replace(/[.?#]/g, '\\$&')}:1:2: invalid JSON: `));
    },
  );

  it('reads a name that only contains ".json" as YAML', () => {
    expect(parsePersonaFile('personas/a.json.yml', 'name: A # a comment\n').diagnostics).toEqual([]);
    expect(parsePersonaFile('https://example.com/a.jsonc', 'name: A\n').diagnostics).toEqual([]);
  });
});

describe('parsePersonaFile: byte-order mark', () => {
  const BOM = '\uFEFF';

  it('reads a JSON file that starts with a byte-order mark', () => {
    const result = parsePersonaFile('personas/a.json', `${BOM}{"name": "A"}`);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['a']);
  });

  it('reads a YAML file that starts with a byte-order mark', () => {
    const result = parsePersonaFile(F, `${BOM}name: A\n`);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.origin).toMatchObject({ line: 1, column: 1, positions: { name: { line: 1, column: 7 } } });
  });

  // An editor does not show the mark, so columns on line 1 are counted without it.
  it('counts columns on line 1 as an editor shows them', () => {
    expect(onlyError(F, `${BOM}foo: 1\nname: A\n`)).toBe('personas/cost.yml:1:1 foo: unknown key "foo"');
    expect(onlyError(F, `${BOM}name: A\nrisk_tolerance: extreme\n`)).toBe(
      'personas/cost.yml:2:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
    );
    expect(onlyError('personas/a.json', `${BOM}{"name": "A", "__proto__": {"x": 1}}`)).toBe('personas/a.json:1:15 __proto__: key "__proto__" is not allowed');
    expect(onlyError('personas/a.json', `${BOM}{name: "A"}`)).toMatch(/^personas\/a\.json:1:2: invalid JSON: /);
    expect(onlyError('personas/a.json', `${BOM}{"name": 1}`)).toBe('personas/a.json:1:10 name: name must be a string, got number 1');
  });

  it('strips only one mark', () => {
    expect(onlyError('personas/a.json', `${BOM}${BOM}{"name": "A"}`)).toMatch(/^personas\/a\.json: invalid JSON: /);
  });
});
