import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { describeConstraint } from '../constraints/combine-constraints.js';
import { describeThreshold } from './persona-text.js';

const cell = (value: unknown): string => String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (value: unknown): string => `\`${String(value).replace(/`/g, "'")}\``;
const from = (ids: readonly string[]): string => ids.map(code).join(', ');

function table(headers: string[], rows: unknown[][]): string {
  if (!rows.length) return '_none_\n';
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

/** A chart label: letters, digits and `_ . : / -` only, so no label can leave its quotes or the chart. */
const chartLabel = (text: string): string => `"${text.replace(/[^A-Za-z0-9_.:/ -]/g, '_').slice(0, 40)}"`;

/**
 * A mermaid bar chart of the goal weights on a fixed 0–1 axis. Goal weights
 * are independent scores, not shares of a whole, so a pie would misdraw
 * them (`security 0.6` of a blend as 30 %, a one-goal persona as a full
 * circle).
 */
export function goalsChart(persona: ResolvedPersona): string {
  const goals = persona.optimization_goals.filter((g) => g.weight > 0);
  if (!goals.length) return '';
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Optimization goals (weight, 0-1)"',
    `    x-axis [${goals.map((g) => chartLabel(g.metric)).join(', ')}]`,
    '    y-axis "weight" 0 --> 1',
    `    bar [${goals.map((g) => g.weight).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

/**
 * The job summary of a resolved persona: its blend, risk tolerance, goals
 * (with a bar chart), constraints, thresholds and any dropped constraints,
 * each with provenance.
 */
export function personaMarkdown(persona: ResolvedPersona, source: string): string {
  const parts: string[] = [];
  parts.push(`## Persona: ${cell(persona.name)}\n`);
  parts.push(`${code(persona.id)} · selected by **${source}** · risk tolerance **${persona.risk_tolerance}** (from ${from(persona.risk_tolerance_from)})\n`);
  if (persona.description) parts.push(`> ${cell(persona.description)}\n`);
  if (persona.blend.length > 1)
    parts.push(
      table(
        ['Persona', 'Weight'],
        persona.blend.map((t) => [code(t.id), t.weight]),
      ),
    );
  parts.push('### Optimization goals\n');
  parts.push(goalsChart(persona));
  parts.push(
    table(
      ['Metric', 'Weight', 'From'],
      persona.optimization_goals.map((g) => [code(g.metric), g.weight, from(g.from)]),
    ),
  );
  parts.push('### Constraints\n');
  parts.push(
    table(
      ['Constraint', 'From'],
      persona.constraints.map((c) => [code(describeConstraint(c)), from(c.from)]),
    ),
  );
  parts.push('### Monitoring thresholds\n');
  parts.push(
    table(
      ['Breach when', 'Window', 'Severity', 'Action', 'From'],
      persona.monitoring_thresholds.map((t) => [code(describeThreshold(t)), t.window ?? '—', t.severity, code(t.action), from(t.from)]),
    ),
  );
  if (persona.conflicts.length) {
    parts.push('### Dropped constraints (on-conflict: weighted)\n');
    parts.push(
      table(
        ['Parameter', 'Dropped from', 'Kept from', 'Why'],
        persona.conflicts.map((c) => [code(c.parameter), code(c.dropped_from), from(c.kept_from), c.message]),
      ),
    );
  }
  return parts.join('\n');
}
