import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describeConstraint } from '../../src/constraints/combine-constraints.js';
import { BUILTIN_DEFINITIONS } from '../../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { KNOWN_GOAL_METRICS } from '../../src/persona/vocabulary.js';
import { ROOT } from '../support/run-dist.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = (title: string) => readme.slice(readme.indexOf(`## ${title}`), readme.indexOf('\n## ', readme.indexOf(`## ${title}`) + 3));
const tableRows = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('README', () => {
  it('quick start: the demo and the tests first, then a plan of a blended persona', () => {
    const blocks = [...section('Quick start').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(blocks[0]!.split('\n')).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
    const first = blocks[1]!;
    const [cmd, ...args] = first.split(' ');
    expect(cmd).toBe('node');
    const out = execFileSync(process.env.PERSONA_E2E_NODE ?? process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('Persona: Security First + Cost Optimization');
    expect(out).toContain('security-first:0.6,cost-optimization:0.4');
    // security-first requires security tests, which cost-optimization does not allow: weighted drops cost-optimization's tiers.
    expect(first).toContain('--on-conflict weighted');
    expect(out).toMatch(/^ {2}test_tiers includes \[unit, security\] +security-first$/m);
    expect(out).toMatch(/^ {2}test_tiers +test_tiers in \[unit, integration\] +cost-optimization +security-first$/m);
  });

  it('lists every built-in persona with its real risk tolerance and constraints', () => {
    const rows = tableRows(section('Built-in personas'));
    const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
    expect(rows.map((r) => r[0]!.replace(/`/g, '')).sort()).toEqual(library.ids());
    for (const [id, risk, constraints] of rows) {
      const persona = library.get(id!.replace(/`/g, ''));
      expect(risk).toBe(persona.risk_tolerance);
      expect(constraints).toBe(persona.constraints.map((c) => `\`${describeConstraint(c)}\``).join(', '));
    }
  });

  it('lists exactly the goal metrics the stages understand', () => {
    const listed = readme.slice(readme.indexOf('### Goal metrics the stages understand')).split('\n\n')[1]!;
    expect([...listed.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])).toEqual([...KNOWN_GOAL_METRICS]);
  });

  it('shows an example persona file that is valid against the built-in library', () => {
    const yaml = /```yaml\n(# \.github\/personas\/payments\.yml[\s\S]*?)```/.exec(readme)![1]!;
    const parsed = parsePersonaFile('.github/personas/payments.yml', yaml);
    expect(parsed.diagnostics).toEqual([]);
    const library = PersonaLibrary.build([
      { label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] },
      { label: '.github/personas', definitions: parsed.definitions, diagnostics: [] },
    ]);
    expect(library.get('payments').risk_tolerance).toBe('low');
  });

  it("documents exactly resolve-persona's inputs, with their defaults, and its outputs", () => {
    const action = parse(readFileSync(path.join(ROOT, 'actions/resolve-persona/action.yml'), 'utf8'));
    const inputs = tableRows(readme.slice(readme.indexOf('### resolve-persona inputs'), readme.indexOf('### resolve-persona outputs')));
    const documented = Object.fromEntries(inputs.filter((r) => r.length === 3).map((r) => [r[0]!.replace(/`/g, ''), r[1]!.replace(/`/g, '')]));
    const declared = Object.fromEntries(
      Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, v.default === '' ? "''" : v.default]),
    );
    expect(documented).toEqual(declared);
    const outputs = tableRows(readme.slice(readme.indexOf('### resolve-persona outputs')))
      .filter((r) => r.length === 2)
      .map((r) => r[0]!.replace(/`/g, ''));
    expect(outputs.slice(0, Object.keys(action.outputs).length)).toEqual(Object.keys(action.outputs));
  });
});
