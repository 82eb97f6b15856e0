/**
 * Job summaries (the GitHub-flavoured markdown our actions write to
 * GITHUB_STEP_SUMMARY) as one self-contained HTML page, for the report of
 * `persona simulate --report`. Summaries carry hostile text (persona ids,
 * reasons, metric names), so the page is built to hold it:
 * - raw HTML in the markdown is escaped, except a few formatting tags written
 *   without attributes (see {@link ALLOWED_TAGS}); HTML comments are dropped;
 * - a link keeps its `href` only for http(s), mailto and `#` targets and gets
 *   `rel="noopener noreferrer"`; any other link is shown as its text; images
 *   are shown as their alt text (the page loads nothing);
 * - ```mermaid blocks become `<pre class="mermaid">` (text escaped) that the
 *   inlined mermaid bundle draws as inline SVG with `securityLevel: 'strict'`;
 * - a Content-Security-Policy allows the page's own inline scripts (by hash)
 *   and inline style only, and no fetch, font, frame or remote image: the
 *   page works offline from a file.
 */
import { createHash } from 'node:crypto';
import { Marked, type RendererObject, type Tokens } from 'marked';
import { escapeHtml } from './markdown-text.js';

/** One job summary of the report. */
export interface SummaryPage {
  /** The page's heading and table-of-contents entry, e.g. the job id. */
  title: string;
  /** A line under the heading, e.g. the persona and the step. */
  subtitle?: string;
  /** The summary as the action wrote it (GitHub-flavoured markdown). */
  markdown: string;
  /** The job's result, shown as a badge. */
  status?: 'success' | 'failure' | 'skipped' | 'warning';
}

/** One line of the report's event log. */
export interface SummaryEvent {
  /** When (shown as written, e.g. an ISO time). */
  at: string;
  text: string;
}

/** The page around the summaries. */
export interface SummaryHtmlOptions {
  /** The page title. */
  title: string;
  /** mermaid's browser bundle (`mermaid/dist/mermaid.min.js`), inlined when a summary holds a chart. */
  mermaidScript: string;
  /** When the report was made, shown as written. */
  generatedAt?: string;
  /** The run's events, listed after the summaries. */
  events?: readonly SummaryEvent[];
}

/** The only HTML tags that stay live, and only when written without attributes. */
const ALLOWED_TAGS: ReadonlySet<string> = new Set(['details', 'summary', 'br', 'sub', 'sup', 'b', 'i', 'code', 'em', 'strong']);

/**
 * The page's Content-Security-Policy: nothing fetched (mermaid draws inline
 * SVG with inline styles and needs no more); inline style; data: images;
 * and only the page's own inline scripts, each allowed by its SHA-256 hash
 * rather than by 'unsafe-inline', so an event-handler attribute (`onerror=`)
 * would not run even if one slipped past the escaping.
 */
export function summaryCsp(scripts: readonly string[]): string {
  const hashes = scripts.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
  return `default-src 'none'; script-src ${hashes.join(' ') || "'none'"}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** Anything shaped like a tag (start or end). `[^<>]` keeps the scan linear: no attempt reads past the next `<`. */
export const TAG = /<\/?[A-Za-z][^<>]*>/g;
const SIMPLE_TAG = /^<(\/?)([A-Za-z]+)\s*\/?>$/;
/** A character reference: left as it is (it stands for text and cannot open a tag). */
const ENTITY = /^&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;

/** Text for HTML: `< > " '` escaped, `&` too unless it starts a character reference. */
function escapeText(text: string): string {
  return text.replace(/[<>"']|&/g, (c, at: number) => (c === '&' ? (ENTITY.test(text.slice(at, at + 40)) ? '&' : '&amp;') : escapeHtml(c)));
}

/** `raw` without its complete HTML comments (found with indexOf: linear however many `<!--` it holds). */
export function stripComments(raw: string): string {
  let out = '';
  let at = 0;
  for (let open = raw.indexOf('<!--'); open >= 0; open = raw.indexOf('<!--', at)) {
    const close = raw.indexOf('-->', open + 4);
    if (close < 0) break;
    out += raw.slice(at, open);
    at = close + 3;
  }
  return out + raw.slice(at);
}

/**
 * Raw HTML from a summary made safe: an allow-listed tag without attributes
 * is kept (normalised to lower case), a comment is dropped, everything else
 * is escaped and shows as text.
 */
export function safeHtml(html: string): string {
  const raw = stripComments(html);
  let out = '';
  let last = 0;
  for (const match of raw.matchAll(TAG)) {
    out += escapeText(raw.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = SIMPLE_TAG.exec(match[0]);
    const name = tag?.[2]?.toLowerCase();
    out += tag && name && ALLOWED_TAGS.has(name) ? `<${tag[1]}${name}>` : escapeHtml(match[0]);
  }
  return out + escapeText(raw.slice(last));
}

/** `href` kept only for http(s), mailto and fragment targets; undefined otherwise. */
export function safeHref(href: string): string | undefined {
  if (!/^(?:https?:\/\/|mailto:|#)/i.test(href)) return undefined;
  try {
    return escapeHtml(encodeURI(href).replace(/%25/g, '%'));
  } catch {
    return undefined; // a lone surrogate: no link
  }
}

/** The renderer overrides that enforce the rules of the module comment. */
const renderer: RendererObject = {
  html({ text }: Tokens.HTML | Tokens.Tag): string {
    return safeHtml(text);
  },
  link(token: Tokens.Link): string {
    const text = this.parser.parseInline(token.tokens);
    const href = safeHref(token.href);
    if (href === undefined) return text;
    const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
    return `<a href="${href}" rel="noopener noreferrer"${title}>${text}</a>`;
  },
  image({ text }: Tokens.Image): string {
    return escapeText(text);
  },
  code({ text, lang }: Tokens.Code): string {
    const language = (lang ?? '').match(/^\S*/)?.[0] ?? '';
    if (language === 'mermaid') return `<pre class="mermaid">${escapeHtml(text)}</pre>\n`;
    const cls = /^[\w-]{1,40}$/.test(language) ? ` class="language-${language}"` : '';
    return `<pre><code${cls}>${escapeHtml(text)}</code></pre>\n`;
  },
};

const markdown = new Marked({ gfm: true, breaks: false, async: false, renderer });

/** One summary's markdown as safe HTML (see the module comment). */
export function summaryBodyHtml(text: string): string {
  return markdown.parse(text, { async: false });
}

/**
 * A script made safe to sit in a `<script>` element: no `</script` can end
 * it, no `<!--` can change how it is read; line breaks and NULs as the HTML
 * parser would leave them, so its CSP hash matches what the browser reads.
 */
export function inlineScript(script: string): string {
  return script
    .replace(/\r\n?/g, '\n')
    .replace(/\0/g, '\ufffd')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '\\x3C!--');
}

/** mermaid started on load, with labels sanitised and clicks disabled. */
const MERMAID_START = "mermaid.initialize({ startOnLoad: true, securityLevel: 'strict' });";

const STATUS_LABEL: Record<NonNullable<SummaryPage['status']>, string> = {
  success: 'success',
  failure: 'failure',
  skipped: 'skipped',
  warning: 'warning',
};

/** A page's status badge; nothing for an unknown status. */
function badge(status: SummaryPage['status']): string {
  const label = status && Object.hasOwn(STATUS_LABEL, status) ? STATUS_LABEL[status] : undefined;
  return label ? ` <span class="status status-${label}">${label}</span>` : '';
}

/** The table of contents: one entry per page, then the events. */
function contents(pages: readonly SummaryPage[], events: boolean): string {
  const items = pages.map((page, i) => {
    const subtitle = page.subtitle ? ` <span class="muted">${escapeHtml(page.subtitle)}</span>` : '';
    return `<li><a href="#page-${i + 1}">${escapeHtml(page.title)}</a>${badge(page.status)}${subtitle}</li>`;
  });
  if (events) items.push('<li><a href="#events">Events</a></li>');
  return `<nav aria-label="Contents"><h2>Contents</h2>\n<ol>\n${items.join('\n')}\n</ol></nav>`;
}

/** One page: its heading, subtitle and rendered summary. */
function section(page: SummaryPage, index: number): string {
  const subtitle = page.subtitle ? `<p class="muted">${escapeHtml(page.subtitle)}</p>\n` : '';
  const body = page.markdown.trim() ? summaryBodyHtml(page.markdown) : '<p class="muted">No summary.</p>';
  return `<section id="page-${index + 1}" class="page">\n<h2 class="page-title">${escapeHtml(page.title)}${badge(page.status)}</h2>\n${subtitle}<div class="summary">\n${body}</div>\n</section>`;
}

/** The event log as a table. */
function eventTable(events: readonly SummaryEvent[]): string {
  const rows = events.map((e) => `<tr><td class="nowrap"><code>${escapeHtml(e.at)}</code></td><td>${escapeHtml(e.text)}</td></tr>`);
  return `<section id="events" class="page">\n<h2 class="page-title">Events</h2>\n<table>\n<thead><tr><th>at</th><th>event</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n</section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
header, nav, .page { max-width: 1100px; margin: 16px auto; padding: 16px 24px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
h2 { font-size: 18px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
h3 { font-size: 15px; }
.muted { color: #59636e; }
table { border-collapse: collapse; margin: 8px 0 16px; display: block; max-width: 100%; overflow: auto; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
tr:nth-child(2n) td { background: #f9fafb; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
pre { background: #f6f8fa; padding: 10px; border-radius: 6px; overflow: auto; }
pre code { background: none; padding: 0; }
pre.mermaid { background: #fff; border: 1px solid #d8dee4; text-align: center; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
.nowrap { white-space: nowrap; }
.status { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; vertical-align: middle; }
.status-success { background: #dafbe1; color: #116329; } .status-failure { background: #ffebe9; color: #a40e26; }
.status-skipped { background: #eaeef2; color: #59636e; } .status-warning { background: #fff8c5; color: #7d4e00; }
`;

/**
 * The report page: a header, a table of contents, one section per summary,
 * the events, and (when a summary holds a chart) mermaid inlined once and
 * started with `securityLevel: 'strict'`. Self-contained: no URL is loaded.
 */
export function summaryHtml(pages: readonly SummaryPage[], options: SummaryHtmlOptions): string {
  const sections = pages.map(section);
  const events = options.events ?? [];
  if (events.length) sections.push(eventTable(events));
  const scripts = sections.some((s) => s.includes('<pre class="mermaid">')) ? [inlineScript(options.mermaidScript), MERMAID_START] : [];
  const generated = options.generatedAt ? `<p class="muted">Generated ${escapeHtml(options.generatedAt)}</p>` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${summaryCsp(scripts)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(options.title)}</h1>${generated}</header>`,
    contents(pages, events.length > 0),
    '<main>',
    ...sections,
    '</main>',
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
