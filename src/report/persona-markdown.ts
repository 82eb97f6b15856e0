import type { ResolvedPersona } from '../blend/resolved-persona.js';
import { describeConstraint } from '../constraints/combine-constraints.js';
import { chartLabel, code, codeSpan, inlineText, markdownTable, type Cell } from './markdown-text.js';
import { failurePolicy } from '../blend/failure-policy.js';
import { describeFailurePolicy, describeThreshold } from './persona-text.js';

/** Persona ids as code cells (a list cell: `a`, `b`). */
const from = (ids: readonly string[]): Cell[] => ids.map(code);

/**
 * A mermaid bar chart of the goal weights on a fixed 0–1 axis. Goal weights
 * are independent scores, not shares of a whole, so a pie would misdraw
 * them (`security 0.6` of a blend as 30 %, a one-goal persona as a full
 * circle). Labels go through {@link chartLabel}, so no metric name can leave
 * the chart or its fenced block.
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

/** The heading, the selection line and the description. */
function head(persona: ResolvedPersona, source: string): string[] {
  const ids = persona.risk_tolerance_from.map((id) => codeSpan(id)).join(', ');
  const parts = [
    `## Persona: ${inlineText(persona.name, ' ')}\n`,
    `${codeSpan(persona.id)} · selected by **${inlineText(source, ' ')}** · risk tolerance **${inlineText(persona.risk_tolerance, ' ')}** (from ${ids})\n`,
  ];
  const overriddenBy = persona.risk_policy ? ` (${codeSpan('risk_policy')} from ${persona.risk_policy.from.map((id) => codeSpan(id)).join(', ')})` : '';
  parts.push(`**Failure policy:** ${inlineText(describeFailurePolicy(failurePolicy(persona)), ' ')}${overriddenBy}\n`);
  if (persona.description) parts.push(`> ${inlineText(persona.description)}\n`);
  return parts;
}

/**
 * The job summary of a resolved persona: its blend, risk tolerance and
 * failure policy, goals
 * (with a bar chart), constraints, thresholds and any dropped constraints,
 * each with provenance. Every value from the library is escaped
 * (`markdown-text.ts`): it renders as written and cannot add markup.
 */
export function personaMarkdown(persona: ResolvedPersona, source: string): string {
  const parts = head(persona, source);
  if (persona.blend.length > 1)
    parts.push(
      markdownTable(
        ['Persona', 'Weight'],
        persona.blend.map((t) => [code(t.id), t.weight]),
      ),
    );
  parts.push('### Optimization goals\n');
  parts.push(goalsChart(persona));
  parts.push(
    markdownTable(
      ['Metric', 'Weight', 'From'],
      persona.optimization_goals.map((g) => [code(g.metric), g.weight, from(g.from)]),
    ),
  );
  parts.push('### Constraints\n');
  parts.push(
    markdownTable(
      ['Constraint', 'From'],
      persona.constraints.map((c) => [code(describeConstraint(c)), from(c.from)]),
    ),
  );
  parts.push('### Monitoring thresholds\n');
  parts.push(
    markdownTable(
      ['Breach when', 'Window', 'Severity', 'Action', 'From'],
      persona.monitoring_thresholds.map((t) => [code(describeThreshold(t)), t.window ?? '—', t.severity, code(t.action), from(t.from)]),
    ),
  );
  if (persona.conflicts.length) {
    parts.push('### Dropped constraints\n');
    parts.push(
      markdownTable(
        ['Parameter', 'Dropped from', 'Kept from', 'Why'],
        persona.conflicts.map((c) => [code(c.parameter), code(c.dropped_from), from(c.kept_from), c.message]),
      ),
    );
  }
  return parts.join('\n');
}
