import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { MAX_ALIAS_COUNT, parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { MAX_PERSONA_FILE_BYTES } from '../../src/persona/vocabulary.js';
import { errorsOf, F, lines, onlyError } from './helpers.js';

describe('parsePersonaFile: forbidden keys', () => {
  it('rejects a __proto__ key', () => {
    expect(onlyError(F, lines('name: A', '__proto__:', '  polluted: true'))).toBe('personas/cost.yml:2:1 __proto__: key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a constructor key inside a constraint', () => {
    const text = lines('name: A', 'constraints:', '  - parameter: x', '    operator: "="', '    value: 1', '    constructor: 1');
    expect(onlyError(F, text)).toBe('personas/cost.yml:6:5 constraints[0].constructor: key "constructor" is not allowed');
  });

  it('rejects a prototype key even under an x- key', () => {
    const text = lines('personas:', '  - name: A', '    x-meta:', '      prototype: 1');
    expect(onlyError(F, text)).toBe('personas/cost.yml:4:7 personas[0].x-meta.prototype: key "prototype" is not allowed');
  });

  it('rejects a __proto__ key in JSON', () => {
    expect(onlyError('personas/a.json', '{"name": "A", "__proto__": {"x": 1}}')).toBe('personas/a.json:1:15 __proto__: key "__proto__" is not allowed');
  });

  it('reports a forbidden key along with the other errors of the file', () => {
    expect(errorsOf(F, lines('x-m: {constructor: 1}', 'name: A', 'risk_tolerance: extreme'))).toEqual([
      'personas/cost.yml:1:7 x-m.constructor: key "constructor" is not allowed',
      'personas/cost.yml:3:17 risk_tolerance: unknown risk tolerance "extreme" (expected one of low, medium, high)',
    ]);
  });

  it('never lets a __proto__ value stand in for the persona', () => {
    // Were __proto__ assigned, `name` would be inherited from it and pass.
    expect(errorsOf('personas/a.json', '{"__proto__": {"name": "A", "risk_tolerance": "low"}}')).toEqual([
      'personas/a.json:1:1 name: name is required',
      'personas/a.json:1:2 __proto__: key "__proto__" is not allowed',
    ]);
    expect(({} as Record<string, unknown>).risk_tolerance).toBeUndefined();
  });

  it('rejects a forbidden key written as an alias', () => {
    expect(onlyError(F, lines('x-k: &k __proto__', 'name: A', '*k : {name: B}'))).toBe('personas/cost.yml:3:1 __proto__: key "__proto__" is not allowed');
  });

  it('drops the persona with a forbidden key and keeps the others', () => {
    const result = parsePersonaFile(F, lines('personas:', '  - name: A', '    constructor: 1', '  - name: B'));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(['personas/cost.yml:3:5 personas[0].constructor: key "constructor" is not allowed']);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['b']);
  });
});

describe('parsePersonaFile: aliases and merge keys', () => {
  it('rejects a YAML alias bomb in its own words, at the first alias', () => {
    const text = lines(
      'x-a: &a [x, x, x, x, x, x, x, x, x, x]',
      'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x-d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'name: A',
    );
    expect(onlyError(F, text)).toBe(`personas/cost.yml:2:10: YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions)`);
  });

  it('accepts a few aliases', () => {
    const text = lines('x-base: &b', '  - parameter: x', '    operator: "="', '    value: 1', 'name: A', 'constraints: *b');
    const result = parsePersonaFile(F, text);
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions[0]!.definition.constraints).toEqual([{ parameter: 'x', operator: '=', value: 1 }]);
  });

  it('does not apply YAML merge keys', () => {
    const text = lines('x-base: &b', '  name: A', '<<: *b');
    expect(errorsOf(F, text)).toEqual(['personas/cost.yml:1:1 name: name is required', 'personas/cost.yml:3:1 ["<<"]: unknown key "<<"']);
  });

  it('reports a collection used as a key without a process warning from the YAML library', () => {
    const warnings: unknown[] = [];
    const emit = process.emitWarning;
    process.emitWarning = ((warning: unknown) => void warnings.push(warning)) as typeof process.emitWarning;
    try {
      expect(onlyError(F, lines('name: A', '? [a, b]', ': 1'))).toMatch(/ \["\[ a, b \]"\]: unknown key "\[ a, b \]"$/);
    } finally {
      process.emitWarning = emit;
    }
    expect(warnings).toEqual([]);
  });
});

describe('parsePersonaFile: size', () => {
  it('rejects a file over 1 MiB, counting bytes not characters', () => {
    const head = 'name: A\n# ';
    const exact = head + 'x'.repeat(MAX_PERSONA_FILE_BYTES - head.length);
    expect(Buffer.byteLength(exact)).toBe(MAX_PERSONA_FILE_BYTES);
    expect(parsePersonaFile(F, exact).diagnostics).toEqual([]);
    expect(onlyError(F, `${exact}x`)).toBe('personas/cost.yml: file is larger than 1048576 bytes (1 MiB), the most a persona file may be');
    const multiByte = head + 'é'.repeat(MAX_PERSONA_FILE_BYTES / 2);
    expect(multiByte.length).toBeLessThan(MAX_PERSONA_FILE_BYTES);
    expect(onlyError(F, multiByte)).toBe('personas/cost.yml: file is larger than 1048576 bytes (1 MiB), the most a persona file may be');
  });
});
