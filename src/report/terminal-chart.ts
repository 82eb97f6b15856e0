/**
 * A mermaid chart of a job summary as terminal text for terminalMarkdown: a
 * one-line note, and for an xychart a sparkline per series on one scale.
 */
import { terminalText } from './terminal-text.js';

const SPARKS = '▁▂▃▄▅▆▇█';
/** The least and greatest finite values (a loop: a spread of a long series would overflow the stack); undefined when none. */
function range(values: readonly number[]): [number, number] | undefined {
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return min <= max ? [min, max] : undefined;
}
const short = (v: number) => String(Number(v.toPrecision(4)));

/** `values` as a sparkline of at most `room` characters (buckets keep their highest value) on the scale min..max. */
function sparkline(values: readonly number[], min: number, max: number, room: number): string {
  const size = Math.max(1, Math.ceil(values.length / room));
  let line = '';
  for (let i = 0; i < values.length; i += size) {
    const top = range(values.slice(i, i + size))?.[1];
    line += top === undefined ? ' ' : SPARKS[max > min ? Math.round(((top - min) / (max - min)) * 7) : 3];
  }
  return line;
}

/**
 * A mermaid block as a note: `chart: <title> (see the HTML report)`, and
 * for an `xychart-beta` one sparkline per `line`/`bar` series, all on one scale.
 */
export function chartNote(text: string, width: number, style: (text: string, codes: string) => string): string {
  const lines = text.trim().split(/\s*\n\s*/);
  const start = lines[0] === '---' ? lines.indexOf('---', 1) + 1 : 0;
  const kind = (lines[start] ?? '').split(/\s/)[0] || 'diagram';
  const titleLine = lines.map((l) => /^title(?::|\s)\s*(.+)$/.exec(l)?.[1]).find(Boolean);
  const title = [...terminalText((titleLine ?? kind).replace(/^"(.*)"$/, '$1'))].slice(0, Math.max(10, width - 30)).join('');
  const note = style(`chart: ${title} (see the HTML report)`, '2');
  if (kind !== 'xychart-beta') return note;
  const series = lines.flatMap((l) => {
    const m = /^(line|bar)\b[^[]*\[([^\]]*)\]/.exec(l);
    return m ? [{ kind: m[1]!, values: m[2]!.split(',').map((v) => (v.trim() ? Number(v) : NaN)) }] : [];
  });
  const scale = range(series.flatMap((s) => s.values));
  if (!scale) return note;
  const lineOf = (s: { kind: string; values: number[] }) => {
    const own = range(s.values);
    const label = own ? `${short(own[0])}…${short(own[1])}` : 'no data';
    return `  ${s.kind.padEnd(4)} ${sparkline(s.values, scale[0], scale[1], Math.max(8, width - 30))}  ${label}`;
  };
  return [note, ...series.map(lineOf)].join('\n');
}
