/**
 * A job summary (GitHub-flavoured markdown) as terminal text, for the trace
 * of `persona simulate`: headings bold and underlined (═, ─, ┄), tables as aligned columns that
 * fit the width (cells wrap), code spans kept in backticks, `<details>`
 * flattened, mermaid charts replaced by a note (an `xychart-beta` by one
 * sparkline per series). Every piece of text from the summary passes through
 * {@link terminalText} before any styling is added, so no control character
 * of the input reaches the terminal; ANSI styling only when `color` is set.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { stripComments, TAG } from './summary-html.js';
import { chartNote } from './terminal-chart.js';
import { displayWidth, fitColumns, padCell, widest, wrapText } from './terminal-layout.js';
import { terminalText } from './terminal-text.js';

/** How to render. */
export interface TerminalMarkdownOptions {
  /** ANSI styling (bold, underline, dim, cyan code). */
  color: boolean;
  /** The terminal's width in columns (default 100). */
  width?: number;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Character references decoded once (`&amp;lt;` → `&lt;`), then made safe for a terminal. */
export function plainText(text: string): string {
  const decoded = text.replace(/&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
  return terminalText(decoded);
}

/** Formatting tags dropped from the terminal text (they only style); other tags are shown as written. */
const FORMATTING_TAGS = /^<\/?(?:details|b|i|em|strong|code|sub|sup|span|p|div)\s*\/?>$/i;

/** The SGR codes of the styled inline tokens: bold, italic, strikethrough. */
const INLINE_STYLE: Readonly<Record<string, string>> = { strong: '1', em: '3', del: '9' };

/** The renderer of one call: its styling and width. */
class TerminalRenderer {
  readonly #color: boolean;
  readonly width: number;

  constructor(options: TerminalMarkdownOptions) {
    this.#color = options.color;
    this.width = Math.max(20, Math.floor(options.width ?? 100));
  }

  /** `text` in SGR `codes` (e.g. `1` bold) when colour is on (and `codes` is not empty). */
  style(text: string, codes: string): string {
    return this.#color && text && codes ? `\u001b[${codes}m${text}\u001b[0m` : text;
  }

  /** A piece of a wrapped cell with its styling ended, so it cannot colour the padding and the next cells. */
  closed(piece: string): string {
    return piece.includes('\u001b') ? `${piece}\u001b[0m` : piece;
  }

  /** Block tokens, separated by blank lines. */
  blocks(tokens: readonly Token[], width: number): string {
    return tokens
      .map((t) => this.block(t, width))
      .filter((s) => s.trim() !== '')
      .join('\n\n');
  }

  block(token: Token, width: number): string {
    switch (token.type) {
      case 'heading':
        return this.heading(token as Tokens.Heading, width);
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Text;
        return wrapText(t.tokens ? this.inline(t.tokens) : plainText(t.text), width);
      }
      case 'code':
        return this.code(token as Tokens.Code, width);
      case 'table':
        return this.table(token as Tokens.Table, width);
      case 'list':
        return this.list(token as Tokens.List, width);
      case 'blockquote':
        return this.prefix(this.blocks((token as Tokens.Blockquote).tokens, width - 2), this.style('│', '2') + ' ');
      case 'hr':
        return this.style('─'.repeat(Math.min(width, 60)), '2');
      case 'html':
        return wrapText(this.html((token as Tokens.HTML).text).trim(), width);
      default:
        return ''; // space, def
    }
  }

  heading(token: Tokens.Heading, width: number): string {
    const text = wrapText(this.inline(token.tokens), width);
    const rule = (token.depth === 1 ? '═' : token.depth === 2 ? '─' : '┄').repeat(Math.min(width, widest(text)));
    return `${this.style(text, '1')}\n${this.style(rule, token.depth <= 2 ? '' : '2')}`;
  }

  code(token: Tokens.Code, width: number): string {
    const lang = (token.lang ?? '').split(/\s/)[0];
    if (lang === 'mermaid') return chartNote(token.text, width, (s, c) => this.style(s, c));
    const lines = token.text.split('\n').map((line) => `    ${this.style(terminalText(line), '2')}`);
    return lines.join('\n');
  }

  list(token: Tokens.List, width: number): string {
    const start = typeof token.start === 'number' ? token.start : 1;
    return token.items
      .map((item, i) => {
        const marker = (token.ordered ? `${start + i}.` : '•') + ' ' + (item.task ? (item.checked ? '[x] ' : '[ ] ') : '');
        const body = this.blocks(
          item.tokens.filter((t) => t.type !== 'checkbox'),
          width - 2,
        );
        return marker + this.prefix(body, '  ').slice(2);
      })
      .join('\n');
  }

  /** Every line of `text` after `prefix`. */
  prefix(text: string, prefix: string): string {
    return text
      .split('\n')
      .map((line) => (prefix + line).trimEnd())
      .join('\n');
  }

  /** Columns aligned; the widest columns narrowed (cells wrap) until the row fits `width`. */
  table(token: Tokens.Table, width: number): string {
    const header = token.header.map((cell) => this.inline(cell.tokens));
    const rows = token.rows.map((row) => row.map((cell) => this.inline(cell.tokens)));
    const natural = header.map((h, c) => rows.reduce((most, r) => Math.max(most, widest(r[c] ?? '')), widest(h)));
    const longestWord = (text: string) => text.split(/\s+/).reduce((most, word) => Math.max(most, Math.min(24, displayWidth(word))), 0);
    const words = header.map((h, c) => rows.reduce((most, r) => Math.max(most, longestWord(r[c] ?? '')), longestWord(h)));
    const widths = fitColumns(natural, words, width - 3 * (natural.length - 1));
    const line = (cells: readonly string[]) => {
      const wrapped = widths.map((w, c) => wrapText(cells[c] ?? '', w).split('\n'));
      const height = wrapped.reduce((most, w) => Math.max(most, w.length), 1);
      return Array.from({ length: height }, (_, i) =>
        wrapped
          .map((w, c) => padCell(this.closed(w[i] ?? ''), widths[c]!, token.align[c] ?? null))
          .join(' │ ')
          .trimEnd(),
      ).join('\n');
    };
    const rule = this.style(widths.map((w) => '─'.repeat(w)).join('─┼─'), '2');
    return [this.style(line(header), '1'), rule, ...rows.map(line)].join('\n');
  }

  /** Inline tokens as one styled string (`\n` where the summary breaks a line). */
  inline(tokens: readonly Token[] | undefined): string {
    return (tokens ?? []).map((t) => this.span(t)).join('');
  }

  span(token: Token): string {
    const sgr = INLINE_STYLE[token.type];
    if (sgr) return this.style(this.inline((token as Tokens.Strong).tokens), sgr);
    switch (token.type) {
      case 'text':
      case 'escape': {
        const t = token as Tokens.Text;
        return t.tokens ? this.inline(t.tokens) : plainText(t.text);
      }
      case 'codespan':
        return this.style('`' + terminalText((token as Tokens.Codespan).text) + '`', '36');
      case 'br':
        return '\n';
      case 'link': {
        const { href, text, tokens } = token as Tokens.Link;
        const shown = plainText(text);
        return href === '' || href === shown || href === `mailto:${shown}`
          ? this.inline(tokens)
          : `${this.inline(tokens)} (${this.style(terminalText(href), '4')})`;
      }
      case 'image':
        return `[image: ${plainText((token as Tokens.Image).text)}]`;
      case 'html':
        return this.html((token as Tokens.Tag).text);
      default:
        return 'text' in token && typeof token.text === 'string' ? plainText(token.text) : '';
    }
  }

  /** Raw HTML flattened: `<summary>` on a line of its own, `<br>` a line break, formatting tags dropped, comments dropped, other tags shown as written. */
  html(html: string): string {
    const raw = stripComments(html);
    let out = '';
    let last = 0;
    for (const match of raw.matchAll(TAG)) {
      out += plainText(raw.slice(last, match.index));
      last = match.index + match[0].length;
      const tag = match[0].toLowerCase().replace(/\s+/g, '');
      if (FORMATTING_TAGS.test(match[0])) continue;
      if (tag === '<summary>') out += '▸ ';
      else if (tag === '</summary>' || /^<\/?br\/?>$/.test(tag)) out += '\n';
      else out += plainText(match[0]);
    }
    return (out + plainText(raw.slice(last))).replace(/\n{3,}/g, '\n\n');
  }
}

/**
 * A summary's markdown as terminal text (see the module comment). The
 * result ends without a line break.
 */
export function terminalMarkdown(markdown: string, options: TerminalMarkdownOptions): string {
  const renderer = new TerminalRenderer(options);
  const tokens = Lexer.lex(markdown, { gfm: true });
  return renderer.blocks(tokens, renderer.width);
}
