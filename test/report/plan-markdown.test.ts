import type { StageExplanation } from '../../src/planning/explanation.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { planStage } from '../../src/planning/plan-stage.js';
import { MAX_SUMMARY_ROWS, planMarkdown, planText } from '../../src/report/plan-markdown.js';
import { stageChoicesMarkdown } from '../../src/report/stage-choices-markdown.js';
import { builtin, catalog, goal, option, rule } from '../planning/fixtures.js';
import { cellsOf, codeSpansIn, readMarkdown } from './markdown-structure.js';

const HOSTILE = 'x` | y\n## Injected\r<img src=a onerror=b>\u2028```\n|';

describe('planMarkdown', () => {
  it('shows the choice, the ranking with each goal, the rejected options with constraint and personas', () => {
    const md = planMarkdown(planStage('build', BUILTIN_CATALOGS.build, builtin('high-velocity')));
    const { headings, tables } = readMarkdown(md);
    expect(headings).toEqual(['### Plan: build', '#### Ranking', '#### Rejected']);
    expect(md).toContain('**Chosen:** `fast` (score 1.00)');
    expect(tables[0]!.map(cellsOf)).toEqual([
      ['rank', 'option', 'chosen', 'score', 'velocity → build\\_time (1)', 'build\\_time (0.8)', 'latency → performance (0.2)'],
      ['---', '---', '---', '---', '---', '---', '---'],
      ['1', '`fast`', 'yes', '1.00', '1.00', '1.00', '1.00'],
      ['2', '`debug`', '', '0.00', '0.00', '0.00', '0.00'],
    ]);
    expect(tables[1]!.slice(2, 3).map(cellsOf)).toEqual([['`release`', '`optimization_level <= 1`', 'high-velocity', 'optimization\\_level 2 is not &lt;= 1']]);
    expect(tables[1]).toHaveLength(2 + 4);
  });

  it("a set: each chosen item's reason; violations and unscored goals", () => {
    const e = planStage('tests', BUILTIN_CATALOGS.test, {
      constraints: [rule('test_tiers', 'includes', ['soak'], 'ops')],
      optimization_goals: [goal('carbon', 1)],
    });
    const md = planMarkdown(e);
    expect(readMarkdown(md).headings[0]).toBe('### Plan: tests (test catalog)');
    expect(md).toContain('**Chosen:** `smoke`\n\n- `smoke`: the best-scoring option (score 0.00); none scored 0.5 or more\n');
    expect(md).toContain('**Violations**\n\n- soak is required by test\\_tiers includes \\[soak\\] (ops) but is not a test option (ops)\n');
    expect(md).toContain('Goals no test option estimates (not scored): carbon\n');
  });

  it('says nothing was chosen, and cuts long tables', () => {
    const many = catalog(Array.from({ length: 60 }, (_, i) => option(`o${i}`, { n: i }, { v: i })));
    const e = planStage('build', many, { constraints: [rule('n', '>=', 40)], optimization_goals: [goal('v', 1)] });
    const md = planMarkdown(e);
    const { tables } = readMarkdown(md);
    expect(tables.map((t) => t.length - 2)).toEqual([20, MAX_SUMMARY_ROWS]);
    expect(md).toContain(`_… and ${40 - MAX_SUMMARY_ROWS} more_`);
    expect(planMarkdown({ ...e, chosen: [], ranking: [] })).toContain('**Chosen:** nothing\n');
  });

  it('a hostile option id, goal, persona and reason cannot leave their cells, start a heading or open HTML', () => {
    const e: StageExplanation = {
      stage: HOSTILE,
      catalog: HOSTILE,
      chosen: [HOSTILE],
      ranking: [{ id: HOSTILE, score: 0.5, contributions: [{ goal: HOSTILE, metric: HOSTILE + '2', weight: 1, normalised: 0.5 }] }],
      rejected: [{ id: HOSTILE, constraint: { parameter: HOSTILE, operator: 'in', value: [HOSTILE] }, from: [HOSTILE], reason: HOSTILE }],
      unscored_goals: [HOSTILE],
      reasons: { [HOSTILE]: HOSTILE },
      violations: [{ constraint: { parameter: HOSTILE, operator: '=', value: HOSTILE }, from: [HOSTILE], message: HOSTILE }],
    };
    const md = planMarkdown(e);
    const structure = readMarkdown(md);
    expect(structure.headings).toEqual([expect.stringMatching(/^### Plan: /), '#### Ranking', '#### Rejected']);
    expect(structure.fences).toEqual([]);
    expect(structure.outsideCode).not.toMatch(/<img|<br>\s*##|\n## /);
    for (const table of structure.tables) {
      const width = cellsOf(table[0]!).length;
      for (const row of table) expect(cellsOf(row)).toHaveLength(width);
    }
    expect(codeSpansIn(structure.tables[0]![2]!)).toContain('x` \\| y ## Injected <img src=a onerror=b> ``` \\|');
  });
});

describe('planText', () => {
  it('says what was chosen and why, the rejected options and violations, one line each', () => {
    const text = planText(planStage('test', BUILTIN_CATALOGS.test, builtin('security-first')));
    expect(text.split('\n')).toEqual([
      'test: unit, security; 4 candidates, 2 rejected',
      '  unit: required by test_tiers includes [unit, security] (security-first)',
      '  security: required by test_tiers includes [unit, security] (security-first)',
      '  rejected smoke: test_tiers smoke is not in [unit, integration, security, e2e] (security-first)',
      '  rejected performance: test_tiers performance is not in [unit, integration, security, e2e] (security-first)',
    ]);
    expect(planText(planStage('build', BUILTIN_CATALOGS.build, builtin('freeze')))).toBe(
      'build: hardened (score 1.00); 6 candidates, 0 rejected\n  not scored (no build option estimates them): reliability',
    );
  });

  it('keeps hostile text on its line and shows control characters as escapes', () => {
    const e = planStage('build', catalog([option('a\n\u001b[2Jb', { n: 1 }), option('ok', { n: 2 })]), {
      constraints: [rule('n', '>=', 2, 'p\rq')],
      optimization_goals: [],
    });
    const lines = planText(e).split('\n');
    expect(lines).toEqual(['build (c catalog): ok (score 0.00); 1 candidates, 1 rejected', '  rejected a \\u001b[2Jb: n 1 is not >= 2 (p q)']);
  });
});

describe('stageChoicesMarkdown', () => {
  it('renders one row per persona; missing figures as –, no violations as none', () => {
    const md = stageChoicesMarkdown([
      { persona: 'a (weighted)', buildProfile: 'fast', testTiers: ['unit', 'smoke'], shards: 2, retries: 3, afterRetries: 'fail', violations: [] },
      { persona: 'b', testTiers: [], violations: ['one', 'two'] },
    ]);
    expect(md.split('\n').map(cellsOf)).toEqual([
      ['persona', 'build profile', 'test tiers', 'shards', 'retries', 'after retries', 'violations'],
      ['---', '---', '---', '---', '---', '---', '---'],
      ['a (weighted)', '`fast`', '`unit`, `smoke`', '2', '3', 'fail', 'none'],
      ['b', 'none', 'none', '–', '–', '–', 'one; two'],
    ]);
  });

  it('escapes hostile values so each row stays one row of seven cells', () => {
    const md = stageChoicesMarkdown([{ persona: HOSTILE, buildProfile: HOSTILE, testTiers: [HOSTILE], afterRetries: HOSTILE, violations: [HOSTILE] }]);
    const { tables, headings, fences } = readMarkdown(md);
    expect(headings).toEqual([]);
    expect(fences).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.map((row) => cellsOf(row).length)).toEqual([7, 7, 7]);
  });
});
