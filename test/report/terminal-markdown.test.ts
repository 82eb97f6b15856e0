import type { CheckResult, WatchThreshold } from '../../src/monitoring/watch-session.js';
import { terminalMarkdown } from '../../src/report/terminal-markdown.js';
import { displayWidth, wrapText } from '../../src/report/terminal-layout.js';
import { terminalText } from '../../src/report/terminal-text.js';
import { watchMarkdown } from '../../src/report/watch-markdown.js';

const plain = (md: string, width?: number) => terminalMarkdown(md, { color: false, width });
// eslint-disable-next-line no-control-regex -- the styling this module may add: bold, dim, italic, underline, strike, cyan, reset
const OWN_SGR = /\u001b\[(?:0|1|2|3|4|9|36|1;4)m/g;

/** The display columns of every `│` of a line. */
function separators(line: string): number[] {
  const columns: number[] = [];
  let at = 0;
  for (const c of line) {
    if (c === '│') columns.push(at);
    at += displayWidth(c);
  }
  return columns;
}

/** The lines of a rendered table (header, rule, rows) from its header line on. */
const tableLines = (text: string, header: string) => text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith(header)));

describe('terminalMarkdown: layout', () => {
  it('underlines headings to their width by level and bolds them only with colour', () => {
    const text = plain('# Watch summary\n\n## Timeline\n\n#### Actions\n');
    expect(text.split('\n')).toEqual(['Watch summary', '═'.repeat(13), '', 'Timeline', '─'.repeat(8), '', 'Actions', '┄'.repeat(7)]);
    const coloured = terminalMarkdown('# Watch\n\n### Actions\n', { color: true });
    expect(coloured).toBe(`\u001b[1mWatch\u001b[0m\n${'═'.repeat(5)}\n\n\u001b[1mActions\u001b[0m\n\u001b[2m${'┄'.repeat(7)}\u001b[0m`);
  });

  it('keeps words whole in a table that is too wide when the longest words fit, giving the room left to the widest columns', () => {
    const md =
      '| rank | option | performance (0.5) | reason |\n| --- | --- | --- | --- |\n| 4 | `max-performance` | 1.00 | optimization_level 0 is not >= 2 in this persona |\n';
    const lines = tableLines(plain(md, 64), 'rank').filter((l) => l.includes('│'));
    const cells = (column: number) => lines.map((l) => l.split('│')[column]!.trim()).filter(Boolean);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(64);
    expect(cells(1)).toEqual(['option', '`max-performance`']);
    expect(cells(2)).toContain('performance');
    expect(cells(3).slice(1).join(' ')).toBe('optimization_level 0 is not >= 2 in this persona');
    expect(cells(3).length).toBeGreaterThan(2); // it wrapped
    for (const line of lines) expect(separators(line)).toEqual(separators(lines[0]!));
  });

  it('aligns a table in columns, right-aligning the columns the markdown right-aligns', () => {
    const md = '| check | persona | score |\n| --- | --- | ---: |\n| 1 | `balanced` | 100% |\n| 12 | `cautious-canary` | 5% |\n';
    const lines = tableLines(plain(md), 'check');
    expect(lines).toEqual([
      'check │ persona           │ score',
      '──────┼───────────────────┼──────',
      '1     │ `balanced`        │  100%',
      '12    │ `cautious-canary` │    5%',
    ]);
  });

  it('fits a wide table into the width by wrapping cells, keeping every word and the columns aligned', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const md = `| id | detail | note |\n| --- | --- | --- |\n| a | ${long} | short |\n| b | ${long.slice(0, 60)} | ${'x'.repeat(70)} |\n`;
    const text = plain(md, 60);
    const lines = tableLines(text, 'id');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    const bars = lines.filter((l) => l.includes('│')).map(separators);
    for (const b of bars) expect(b).toEqual(bars[0]);
    const cells = lines
      .filter((l) => l.includes('│'))
      .map((l) => l.split('│')[1]!.trim())
      .join(' ');
    for (let i = 0; i < 40; i++) expect(cells).toContain(`word${i}`);
    expect(text.replace(/[\s│─┼]/g, '')).toContain('x'.repeat(70).slice(0, 8));
  });

  it('aligns columns holding wide (CJK) characters by display width', () => {
    const md = '| metric | value |\n| --- | --- |\n| 延迟 | 1 |\n| latency | 2 |\n';
    const lines = tableLines(plain(md), 'metric').filter((l) => l.includes('│'));
    expect(new Set(lines.map((l) => separators(l).join(',')))).toEqual(new Set(['8']));
  });

  it('wraps paragraphs to the width (default 100) and keeps code spans in backticks', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const text = plain(`${words} \`a b\`\n`);
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(100);
    expect(text.split('\n').length).toBeGreaterThan(1);
    expect(text).toContain('`a b`');
    expect(terminalMarkdown('`a b`', { color: true })).toBe('\u001b[36m`a b`\u001b[0m');
    expect(wrapText(`${'y'.repeat(25)} z`, 10).split('\n')).toEqual(['yyyyyyyyyy', 'yyyyyyyyyy', 'yyyyy z']);
  });

  it('flattens <details>: the summary on its own line, <br> as a line break, the tags gone', () => {
    const text = plain('<details><summary>Raw <b>events</b></summary>\n\nfirst<br>second\n\n- one\n- two\n\n</details>\n');
    expect(text).toBe('▸ Raw events\n\nfirst\nsecond\n\n• one\n• two');
  });

  it('decodes character references once and shows links with their target', () => {
    expect(plain('a &lt;b&gt; &amp;lt; &#x41; &#66;')).toBe('a <b> &lt; A B');
    expect(plain('[run](https://github.com/o/r/actions/runs/1) <https://x.example>')).toBe('run (https://github.com/o/r/actions/runs/1) https://x.example');
    expect(plain('1. first\n2. second\n\n> quoted\n\n---\n\n```yaml\nk: v\n```\n')).toBe(
      '1. first\n2. second\n\n│ quoted\n\n' + '─'.repeat(60) + '\n\n    k: v',
    );
  });

  it('uses no ANSI sequence at all without colour', () => {
    const text = plain('# H\n\n**b** _i_ ~~d~~ `c` [l](https://x.example)\n\n| a |\n| - |\n| 1 |\n\n```mermaid\nflowchart LR\n  a --> b\n```\n');
    expect(text).not.toContain('\u001b');
  });
});

describe('terminalMarkdown: mermaid charts', () => {
  it('replaces a flowchart by a one-line note', () => {
    expect(plain('```mermaid\nflowchart LR\n  a --> b\n```\n')).toBe('chart: flowchart (see the HTML report)');
    expect(plain('```mermaid\n---\ntitle: Pipeline\n---\nflowchart LR\n  a --> b\n```\n')).toBe('chart: Pipeline (see the HTML report)');
  });

  it('draws an xychart as one sparkline per series on a shared scale', () => {
    const md = '```mermaid\nxychart-beta\n    title "error_rate per check"\n    x-axis [1, 2, 3, 4]\n    line [0, 5, 10, 2]\n    line [10, 10, 10, 10]\n```\n';
    expect(plain(md).split('\n')).toEqual(['chart: error_rate per check (see the HTML report)', '  line ▁▅█▂  0…10', '  line ████  10…10']);
  });

  it('condenses a long series to fit the width, keeping its peak', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i === 321 ? 9 : 1));
    const text = plain(`\`\`\`mermaid\nxychart-beta\n    line [${values.join(', ')}]\n\`\`\`\n`, 80);
    const spark = text.split('\n')[1]!;
    expect(displayWidth(spark)).toBeLessThanOrEqual(80);
    expect(spark).toContain('█');
    expect(spark.match(/█/g)).toHaveLength(1);
  });
});

describe('terminalMarkdown: hostile text', () => {
  const ESCAPES = ['\u001b[31m', '\u001b]0;pwned\u0007', '\u009b2J', '\r', '\u202e', '&#27;[31m', '&#x9b;'];

  it.each(ESCAPES)('never lets %j reach the terminal raw, in any part of a summary', (bad) => {
    const md = `# id ${bad}\n\ntext ${bad} \`${bad}\` [x${bad}](https://e.example/${bad})\n\n| id |\n| --- |\n| ${bad} |\n\n<details><summary>${bad}</summary>\n\n</details>\n\n\`\`\`\n${bad}\n\`\`\`\n\n\`\`\`mermaid\nxychart-beta\n    title "${bad}"\n    line [1, 2]\n\`\`\`\n`;
    for (const color of [false, true]) {
      const text = terminalMarkdown(md, { color, width: 80 }).replace(OWN_SGR, '');
      expect(terminalText(text)).toBe(text); // nothing left that terminalText would escape
      expect(text).not.toContain('\u001b');
    }
    expect(terminalMarkdown(md, { color: true })).not.toContain('\u001b[31m');
  });

  it('shows an HTML payload as inert text', () => {
    expect(plain('id <img src=x onerror=alert(1)> `</script><script>`')).toBe('id <img src=x onerror=alert(1)> `</script><script>`');
  });

  it('renders 100 kB of hostile input in bounded time', () => {
    const inputs = [
      '<a'.repeat(50_000),
      '<!--'.repeat(25_000) + '<details>',
      `| ${'a |'.repeat(2_000)}\n|${' - |'.repeat(2_000)}\n| ${'b |'.repeat(2_000)}\n`,
      'x'.repeat(100_000),
    ];
    for (const md of inputs) {
      const started = performance.now();
      terminalMarkdown(md, { color: true, width: 80 });
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('terminalMarkdown: a real watch-monitor summary', () => {
  it('renders its heading, an aligned timeline and a sparkline, with the hostile persona id made visible', () => {
    const personaId = 'canary\u001b[2J';
    const threshold = { metric: 'error_rate', operator: '>', value: 0.01, severity: 'critical', action: 'rollback', from: [personaId] } as WatchThreshold;
    const results: CheckResult[] = [0.002, 0.03].map((value, i) => ({
      index: i + 1,
      at: Date.UTC(2026, 0, 1, 10, 0, 30 * i),
      personaId,
      checks: [{ threshold, value, samples: 5, state: value > 0.01 ? 'breach' : 'ok', consecutive: 0, acting: false, verdict: 'pass' }],
      verdict: value > 0.01 ? 'fail' : 'pass',
      score: value > 0.01 ? 0 : 100,
      vetoed: false,
      actions: [],
    }));
    const md = watchMarkdown({
      personaId,
      revision: 2,
      correlationId: null,
      how: 'state store',
      outcome: { verdict: 'fail', score: 0, checks: 2, breaches: [], alertOnly: false },
      results,
      switches: [],
      taken: [],
      conclusion: 'the watch failed',
    });
    const text = plain(md, 100);
    expect(text.split('\n')[0]).toMatch(/^watch-monitor: `fail`/);
    const table = tableLines(text, 'check').filter((l) => l.includes('│'));
    expect(table.length).toBeGreaterThanOrEqual(3);
    for (const line of table) expect(separators(line)).toEqual(separators(table[0]!));
    expect(text).toContain('canary\\u001b[2J');
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/chart: error_rate per check \(see the HTML report\)\n {2}line [▁-█]{2}/);
  });
});
