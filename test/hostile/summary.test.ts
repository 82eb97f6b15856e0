// Hostile persona content against the job summary. A library can come from a
// pull request or another repository, so every value is untrusted: each case
// renders the summary and checks the structure a markdown renderer sees
// (headings, fenced blocks, table rows and cells, text outside code), never
// just the presence of a string. The personas bypass the file validator on
// purpose: the summary must be safe on its own.
import { blendPersonas } from '../../src/blend/blend.js';
import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { describeConstraint } from '../../src/constraints/combine-constraints.js';
import type { Persona } from '../../src/persona/persona.js';
import { personaMarkdown } from '../../src/report/persona-markdown.js';
import { problemsMarkdown } from '../../src/report/problems-markdown.js';
import { cellsOf, codeSpansIn, readMarkdown } from '../report/markdown-structure.js';

/** A persona with one goal, one constraint and one threshold, changed by `patch`. */
function persona(patch: Partial<Persona> = {}): Persona {
  return {
    id: 'p',
    name: 'P',
    risk_tolerance: 'medium',
    constraints: [{ parameter: 'replicas', operator: '>=', value: 2 }],
    optimization_goals: [{ metric: 'security', weight: 0.8 }],
    monitoring_thresholds: [{ metric: 'error_rate', operator: '>', value: 0.01, window: '5m', severity: 'critical', action: 'rollback' }],
    ...patch,
  } as Persona;
}

/** The summary of one persona. */
const summaryOf = (p: Persona): string => personaMarkdown(blendPersonas([{ persona: p, weight: 1 }]), 'input');

/** The headings a clean one-persona summary has, in order. */
const SECTIONS = ['### Optimization goals', '### Constraints', '### Monitoring thresholds'];

/** Text outside code must hold no `<` but the `<br>` the summary adds for line breaks. */
function expectNoRawHtml(markdown: string): void {
  const outside = readMarkdown(markdown).outsideCode.replace(/<br>/g, '');
  expect(outside).not.toContain('<');
}

describe('job summary under hostile persona content', () => {
  it('keeps a metric name with a line break inside the chart: the mermaid block closes where it should, no fake table', () => {
    const metric = 'cost"]\n```\n### Constraints\n| Constraint | From |\n| --- | --- |\n| `replicas <= 999` | `p` |';
    const md = summaryOf(persona({ optimization_goals: [{ metric, weight: 0.5 }] }));
    const s = readMarkdown(md);
    expect(s.fences).toHaveLength(1);
    expect(s.fences[0]).toMatchObject({ info: 'mermaid' });
    expect(s.fences[0]!.end - s.fences[0]!.start).toBe(6);
    expect(s.lines.slice(s.fences[0]!.start + 1, s.fences[0]!.end).filter((l) => !l.startsWith('    ') && l !== 'xychart-beta')).toEqual([]);
    expect(s.headings.slice(1)).toEqual(SECTIONS);
    // Goals, constraints, thresholds: a header, a separator and one row each.
    expect(s.tables.map((t) => t.length)).toEqual([3, 3, 3]);
    expect(md).not.toContain('999` |');
  });

  it('does not let a lone CR start a new markdown line', () => {
    const md = summaryOf(persona({ name: 'Nice\r## Owned\r| a | b |', description: 'x\ry' }));
    expect(md).not.toMatch(/[\r\u2028\u2029]/);
    const s = readMarkdown(md);
    expect(s.headings).toEqual(['## Persona: Nice \\#\\# Owned \\| a \\| b \\|', ...SECTIONS]);
    expect(s.lines.filter((l) => l.startsWith('> '))).toEqual(['> x<br>y']);
  });

  it('HTML-escapes an <img onerror> in the heading, the description and a table cell', () => {
    const img = '<img src=x onerror=alert(1)>';
    const p = persona({ name: img, description: img });
    p.monitoring_thresholds[0]!.window = img;
    const md = summaryOf(p);
    expectNoRawHtml(md);
    expect(readMarkdown(md).headings[0]).toBe('## Persona: &lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('> &lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes an unclosed <!-- so it cannot hide the rest of the summary', () => {
    const md = summaryOf(persona({ name: 'A <!-- hide', description: '<!--\neverything after' }));
    expect(readMarkdown(md).outsideCode).not.toContain('<!--');
    expect(readMarkdown(md).headings.slice(1)).toEqual(SECTIONS);
    expect(md).toContain('> &lt;!--<br>everything after');
  });

  it('treats CR LF, LF, U+2028 and U+2029 in a description as line breaks inside one quote line', () => {
    const md = summaryOf(persona({ description: 'one\r\ntwo\nthree\u2028four\u2029five' }));
    const quotes = readMarkdown(md).lines.filter((l) => l.startsWith('>'));
    expect(quotes).toEqual(['> one<br>two<br>three<br>four<br>five']);
  });

  it('shows a value with backticks as written, in a longer code span', () => {
    const constraint = { parameter: 'image', operator: 'in' as const, value: ['`latest`', 'a``b', 'plain'] };
    const md = summaryOf(persona({ constraints: [constraint] }));
    const row = readMarkdown(md).tables[1]![2]!;
    expect(codeSpansIn(row)[0]).toBe(describeConstraint(constraint));
    expect(row).toContain('``` image in [`latest`, a``b, plain] ```');
  });

  it('keeps pipes in values inside their cell: every row has as many cells as its header', () => {
    const p = persona({ constraints: [{ parameter: 'branch', operator: 'matches', value: '^(main|release/.*)$' }] });
    p.monitoring_thresholds[0]!.window = '5m | 1h';
    const s = readMarkdown(summaryOf(p));
    for (const table of s.tables) for (const row of table) expect(cellsOf(row)).toHaveLength(cellsOf(table[0]!).length);
    expect(codeSpansIn(s.tables[1]![2]!)[0]!.replace(/\\\|/g, '|')).toBe('branch matches /^(main|release/.*)$/');
  });

  it('sanitises chart labels: quotes, #, ;, %% and HTML cannot break the xychart, readable text stays', () => {
    const goals = [
      { metric: 'a"] ; %%{init}%% #quot; <b>', weight: 0.4 },
      { metric: 'débit réseau (p95)', weight: 0.3 },
      { metric: '延迟', weight: 0.2 },
    ];
    const md = summaryOf(persona({ optimization_goals: goals }));
    const axis = readMarkdown(md).lines.find((l) => l.startsWith('    x-axis'))!;
    expect(axis).toMatch(/^ {4}x-axis \["[^"]*"(, "[^"]*")*\]$/);
    const labels = [...axis.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['a__ _ ___init___ _quot_ _b_', 'débit réseau (p95)', '延迟']);
  });

  it('escapes markdown links, images, emphasis and math in a name', () => {
    const md = summaryOf(persona({ name: '![x](https://evil.test/a.png) [click](https://evil.test) **big** $\\color{red}{x}$' }));
    const heading = readMarkdown(md).headings[0]!;
    expect(heading).toBe('## Persona: !\\[x\\](https://evil.test/a.png) \\[click\\](https://evil.test) \\*\\*big\\*\\* \\$\\\\color{red}{x}\\$');
    expect(heading).not.toMatch(/(^|[^\\])[[\]*$]/);
  });

  it('escapes every cell of the dropped-constraints table (on-conflict: weighted)', () => {
    const hostile = 'replicas<img src=x onerror=alert(1)>|x';
    const a = persona({ id: 'a', constraints: [{ parameter: hostile, operator: '<=', value: 3 }] });
    const b = persona({ id: 'b', constraints: [{ parameter: hostile, operator: '>=', value: 4 }] });
    const blended: ResolvedPersona = blendPersonas(
      [
        { persona: a, weight: 0.6 },
        { persona: b, weight: 0.4 },
      ],
      { onConflict: 'weighted' },
    );
    expect(blended.conflicts).toHaveLength(1);
    const md = personaMarkdown(blended, 'input');
    const s = readMarkdown(md);
    expectNoRawHtml(md);
    const dropped = s.tables[s.tables.length - 1]!;
    expect(dropped).toHaveLength(3);
    expect(cellsOf(dropped[2]!)).toHaveLength(4);
    expect(s.headings).toContain('### Dropped constraints');
  });

  it('does not let a description open a code fence that would swallow the summary', () => {
    const md = summaryOf(persona({ description: 'intro\n```\n~~~\nrest' }));
    const s = readMarkdown(md);
    expect(s.fences.map((f) => f.info)).toEqual(['mermaid']);
    expect(s.fences.every((f) => f.end > f.start)).toBe(true);
    expect(s.headings.slice(1)).toEqual(SECTIONS);
  });

  it('lists every problem in one escaped row each: file, line, field, message', () => {
    const problems = [
      { file: 'personas/<img src=x>.yml', line: 3, column: 7, path: 'name', message: 'bad\n| forged | row | here | now |' },
      { file: 'a|b.yml', message: 'value "`x`" <!--' },
      { message: 'input "persona": unknown persona "x\u2028y"' },
    ];
    const md = problemsMarkdown(problems);
    const s = readMarkdown(md);
    expectNoRawHtml(md);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]).toHaveLength(2 + problems.length);
    for (const row of s.tables[0]!) expect(cellsOf(row)).toHaveLength(4);
    expect(cellsOf(s.tables[0]![2]!)).toEqual(['personas/&lt;img src=x&gt;.yml', '3:7', 'name', 'bad<br>\\| forged \\| row \\| here \\| now \\|']);
    expect(cellsOf(s.tables[0]![4]!)).toEqual(['—', '—', '—', 'input &quot;persona&quot;: unknown persona &quot;x<br>y&quot;']);
  });

  it('accepts a legitimate blend and renders it readably, nothing escaped that needs no escaping', () => {
    const security = persona({ id: 'security-first', name: 'Security First', description: 'Ship safely. 2-step review.' });
    const cost = persona({ id: 'cost-optimization', name: 'Cost Optimization', optimization_goals: [{ metric: 'cost.monthly_usd', weight: 0.9 }] });
    const md = personaMarkdown(
      blendPersonas([
        { persona: security, weight: 0.6 },
        { persona: cost, weight: 0.4 },
      ]),
      'input',
    );
    const s = readMarkdown(md);
    expect(s.headings[0]).toBe('## Persona: Security First + Cost Optimization');
    expect(summaryOf(security)).toContain('\n> Ship safely. 2-step review.\n');
    expect(md).toContain('| `cost.monthly_usd` |');
    expect(s.tables[0]).toEqual(['| Persona | Weight |', '| --- | --- |', '| `security-first` | 0.6 |', '| `cost-optimization` | 0.4 |']);
  });
});
