import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import type { CheckResult, WatchThreshold } from '../../src/monitoring/watch-session.js';
import { inlineScript, summaryBodyHtml, summaryHtml, type SummaryPage } from '../../src/report/summary-html.js';
import { watchMarkdown } from '../../src/report/watch-markdown.js';

const FAKE_MERMAID = 'window.mermaid = { initialize() {} };';
const CHART = '```mermaid\nxychart-beta\n    title "error_rate per check"\n    x-axis [1, 2, 3]\n    line [0.001, 0.05, 0.002]\n```\n';
const render = (pages: readonly SummaryPage[], mermaidScript = FAKE_MERMAID) => summaryHtml(pages, { title: 'Simulation', mermaidScript });
/** The script elements of a page (each on a line of its own; a `<script` inside the inlined bundle's text is not one). */
const scriptTags = (html: string) => html.match(/^<script>/gm) ?? [];

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '<svg onload=alert(1)>', '<iframe src="https://evil.example">'];

/** A watch-monitor summary as the action writes it, with a hostile persona id and metric name. */
function watchSummary(personaId: string, metric: string): string {
  const threshold = { metric, operator: '>', value: 0.01, severity: 'critical', action: 'rollback', from: [personaId] } as WatchThreshold;
  const results: CheckResult[] = [0.002, 0.004, 0.03].map((value, i) => ({
    index: i + 1,
    at: Date.UTC(2026, 0, 1, 10, 0, 30 * i),
    personaId,
    checks: [{ threshold, value, samples: 5, state: value > 0.01 ? 'breach' : 'ok', consecutive: value > 0.01 ? 1 : 0, acting: value > 0.01, verdict: 'pass' }],
    verdict: value > 0.01 ? 'fail' : 'pass',
    score: value > 0.01 ? 0 : 100,
    vetoed: false,
    actions: [],
  }));
  return watchMarkdown({
    personaId,
    revision: 4,
    correlationId: 'corr-1',
    how: 'state store',
    outcome: { verdict: 'fail', score: 0, checks: 3, breaches: [], alertOnly: false },
    results,
    switches: [{ check: 2, from: 'balanced', to: personaId, revision: 4 }],
    taken: [{ check: 3, kind: 'rollback', metric, ok: true, detail: 'rolled back to v1 `$(id)`' }],
    conclusion: 'the watch failed',
  });
}

describe('summaryHtml: the page', () => {
  it('is one self-contained page: a CSP allowing inline script and style only, and nothing loaded from a URL', () => {
    const html = render([{ title: 'watch', markdown: `## Watch\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n${CHART}` }]);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'sha256-[\w+/=]+' 'sha256-[\w+/=]+'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'$/,
    );
    expect(html).not.toMatch(/\b(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(|@font-face/i);
  });

  it('lists every page in a table of contents that links to its section, with its status and subtitle', () => {
    const html = render([
      { title: 'resolve', subtitle: 'persona balanced', markdown: 'ok', status: 'success' },
      { title: 'deploy', markdown: 'bad', status: 'failure' },
      { title: 'odd', markdown: 'x', status: 'bogus" onclick="x' as SummaryPage['status'] },
    ]);
    const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    expect(nav).toContain('<a href="#page-1">resolve</a> <span class="status status-success">success</span>');
    expect(nav).toContain('persona balanced');
    expect(nav).toContain('<a href="#page-2">deploy</a> <span class="status status-failure">failure</span>');
    expect(nav).toContain('<a href="#page-3">odd</a></li>');
    for (const id of ['page-1', 'page-2', 'page-3']) expect(html).toContain(`<section id="${id}" class="page">`);
    expect(html).not.toContain('onclick');
  });

  it('inlines the mermaid bundle once, unable to close its script element, then starts it in strict mode', () => {
    const bundle = 'var a = "</script><script>alert(1)</script>"; var b = "</SCRIPT >"; var c = "<!--";';
    const html = render(
      [
        { title: 'a', markdown: CHART },
        { title: 'b', markdown: CHART },
      ],
      bundle,
    );
    expect(scriptTags(html)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2); // only the two elements' own end tags
    expect(html).toContain('var a = "<\\/script><script>alert(1)<\\/script>"; var b = "<\\/SCRIPT >"; var c = "\\x3C!--";');
    expect(html.indexOf("mermaid.initialize({ startOnLoad: true, securityLevel: 'strict' })")).toBeGreaterThan(html.indexOf('var a ='));
  });

  it('allows exactly its own scripts, by the SHA-256 of the text the browser reads, and no inline event handler', () => {
    const html = render([{ title: 'a', markdown: CHART }], 'var a = 1;\r\nvar b = "\0";');
    const csp = /content="(default-src[^"]+)"/.exec(html)![1]!;
    const scripts = [...html.matchAll(/^<script>([\s\S]*?)<\/script>$/gm)].map((m) => m[1]!);
    expect(scripts).toEqual(['var a = 1;\nvar b = "\ufffd";', "mermaid.initialize({ startOnLoad: true, securityLevel: 'strict' });"]);
    const hashes = scripts.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
    expect(csp).toContain(`script-src ${hashes.join(' ')};`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('leaves the script out when no summary holds a chart, and allows none', () => {
    const html = render([{ title: 'a', markdown: '```js\nconsole.log(1)\n```\n' }]);
    expect(scriptTags(html)).toHaveLength(0);
    expect(html).toContain("script-src 'none';");
    expect(html).not.toContain('window.mermaid');
  });

  it('escapes the page title, page titles, subtitles, the generation time and the events', () => {
    const [bad] = HOSTILE;
    const html = summaryHtml([{ title: bad!, subtitle: bad!, markdown: 'x' }], {
      title: bad!,
      mermaidScript: FAKE_MERMAID,
      generatedAt: bad!,
      events: [{ at: bad!, text: `switch ${bad!}` }],
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<a href="#events">Events</a>');
    expect(html).toContain('<td>switch &lt;img src=x onerror=alert(1)&gt;</td>');
  });

  it('keeps the escaped mermaid bundle of the real package valid JavaScript with no </script or <!-- left', () => {
    const real = readFileSync(new URL('../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url), 'utf8');
    const safe = inlineScript(real);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    expect(() => new Script(safe)).not.toThrow();
    expect(real).not.toMatch(/\beval\(|new Function\b/); // the CSP has no 'unsafe-eval'
  });
});

describe('summaryHtml: markdown and raw HTML', () => {
  it.each(HOSTILE)('escapes %s wherever a summary carries it', (bad) => {
    const md = `# ${bad}\n\nPersona ${bad} \`${bad}\`\n\n| id | reason |\n| --- | --- |\n| ${bad} | <b>${bad}</b> |\n\n${bad}\n`;
    const html = summaryBodyHtml(md);
    expect(html).not.toMatch(/<(?:img|script|svg|iframe)\b/i);
    expect(html).toContain('&lt;');
  });

  it('keeps the allow-listed tags without attributes and escapes every other tag', () => {
    const html = summaryBodyHtml(
      '<details><summary>More</summary>\n\nrow<br>two <sub>1</sub><sup>2</sup> <i>i</i> <em>e</em> <strong>s</strong> <code>c</code>\n\n</DETAILS>\n',
    );
    expect(html).toContain('<details><summary>More</summary>');
    expect(html).toContain('row<br>two <sub>1</sub><sup>2</sup> <i>i</i> <em>e</em> <strong>s</strong> <code>c</code>');
    expect(html).toContain('</details>');
    const attributes = summaryBodyHtml('<details open>x</details>\n\n<b onclick="alert(1)">bold</b> <a href="https://x.example">a</a> <div>d</div>\n');
    expect(attributes).toContain('&lt;details open&gt;x</details>');
    expect(attributes).toContain('&lt;b onclick=&quot;alert(1)&quot;&gt;bold</b>');
    expect(attributes).not.toMatch(/<(?:a|div)\b/);
  });

  it('drops HTML comments and keeps character references of raw HTML as text', () => {
    const html = summaryBodyHtml('<details><summary>a &lt; b &amp; c & d</summary><!-- <script>x</script> -->\n\n</details>\n');
    expect(html).toContain('<summary>a &lt; b &amp; c &amp; d</summary>');
    expect(html).not.toContain('script');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4='],
    ['vbscript:msgbox'],
    ['/relative/path'],
    ['file:///etc/passwd'],
  ])('drops a link to %j and keeps its text', (href) => {
    const html = summaryBodyHtml(`see [the run](${href}) now\n`);
    expect(html).toBe('<p>see the run now</p>\n');
  });

  it('leaves a link destination with a tab as plain text, not a link', () => {
    const html = summaryBodyHtml('see [the run](java\tscript:alert(1)) now\n');
    expect(html).not.toMatch(/<a\b|href/);
    expect(html).toContain('the run');
  });

  it('keeps http(s), mailto and fragment links, with rel="noopener noreferrer" and an escaped title', () => {
    const html = summaryBodyHtml(
      '[run](https://github.com/o/r/actions/runs/1 "a \\"b\\" <c>") [mail](mailto:ops@example.com) [top](#page-1) <https://x.example/a?b=1&c=2>\n',
    );
    expect(html).toContain('<a href="https://github.com/o/r/actions/runs/1" rel="noopener noreferrer" title="a &quot;b&quot; &lt;c&gt;">run</a>');
    expect(html).toContain('<a href="mailto:ops@example.com" rel="noopener noreferrer">mail</a>');
    expect(html).toContain('<a href="#page-1" rel="noopener noreferrer">top</a>');
    expect(html).toContain('<a href="https://x.example/a?b=1&amp;c=2" rel="noopener noreferrer">');
    expect(html.match(/<a /g)).toHaveLength(html.match(/rel="noopener noreferrer"/g)!.length);
  });

  it('shows an image as its alt text and loads nothing', () => {
    const html = summaryBodyHtml('![chart <b onmouseover=x> of errors](https://evil.example/p.png) and ![x](data:image/png;base64,AAAA)\n');
    expect(html).not.toMatch(/<img|https:|data:/);
    expect(html).toContain('chart &lt;b onmouseover=x&gt; of errors and x');
  });

  it('turns a mermaid block into <pre class="mermaid"> with its text escaped, and other code into escaped <pre><code>', () => {
    const html = summaryBodyHtml(
      '```mermaid\nflowchart LR\n  a["</pre><script>alert(1)</script>"] --> b\n```\n\n```yaml"><script>\nkey: <b>v</b>\n```\n\n```yaml\nk: v\n```\n',
    );
    expect(html).toContain('<pre class="mermaid">flowchart LR\n  a[&quot;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;] --&gt; b</pre>');
    expect(html).toContain('<pre><code>key: &lt;b&gt;v&lt;/b&gt;</code></pre>');
    expect(html).toContain('<pre><code class="language-yaml">k: v</code></pre>');
    expect(html).not.toMatch(/<script|<b>/);
  });
});

describe('summaryHtml: hostile size', () => {
  it('renders 100 kB of hostile markup in bounded time, still escaped', () => {
    const inputs = ['<a'.repeat(50_000), '<details>\n' + '<!--<b'.repeat(20_000), '<details>\n' + '<img src=x '.repeat(10_000) + '>'];
    for (const md of inputs) {
      const started = performance.now();
      const html = summaryBodyHtml(md);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(html).not.toMatch(/<(?:a|img)\b/);
    }
  });
});

describe('summaryHtml: a real watch-monitor summary', () => {
  it('renders its table and chart and escapes its hostile persona id and metric name', () => {
    const md = watchSummary('<img src=x onerror=alert(1)>', 'err</script><script>alert(1)</script>');
    const html = render([{ title: 'watch', subtitle: 'watch-monitor', markdown: md, status: 'failure' }]);
    expect(html).toMatch(/<table>\s*<thead>\s*<tr>\s*<th>check<\/th>/);
    expect(html).toContain('<pre class="mermaid">xychart-beta');
    expect(html).toContain('line [0.002, 0.004, 0.03]');
    expect(html).not.toMatch(/<img|<script>alert/);
    expect(scriptTags(html)).toHaveLength(2);
    expect(html).toContain('done: rolled back to v1 `$(id)`'); // a legitimate reason with backticks: shown, as text
  });

  it('has no http(s) URL anywhere outside the text of the real mermaid bundle', () => {
    const bundle = readFileSync(new URL('../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url), 'utf8');
    const html = render([{ title: 'watch', markdown: watchSummary('balanced', 'error_rate') }], bundle);
    const [before, rest] = html.split('\n<script>');
    const after = rest!.slice(rest!.indexOf('</script>'));
    expect(rest!.length).toBeGreaterThan(bundle.length);
    expect(`${before}${after}`).not.toMatch(/https?:|\/\/[\w.-]+\//i);
    expect(`${before}${after}`).toContain('<pre class="mermaid">xychart-beta');
  });
});
