import type { Diagnostic } from '../errors/diagnostic.js';
import type { Constraint, LocatedDefinition } from '../persona/persona.js';
import { WINDOW_OPERATORS } from '../planning/deploy-gates.js';
import { parseDeployWindow } from '../planning/deploy-window.js';
import { parseCanarySteps } from '../planning/deploy-settings.js';

/** The problems of one `deploy_window` or `canary_steps` constraint, or none (any other parameter). */
function problemsOf(c: Constraint): string[] {
  const values = Array.isArray(c.value) ? c.value : [c.value];
  if (c.parameter === 'deploy_window') {
    if (!WINDOW_OPERATORS.includes(c.operator)) return [`deploy_window takes the operators ${WINDOW_OPERATORS.join(', ')}, not ${c.operator}`];
    return values.flatMap((v) => {
      const parsed = typeof v === 'string' ? parseDeployWindow(v) : { problem: `a deploy window is a string such as "Mon-Fri 09:00-17:00", not ${String(v)}` };
      return 'problem' in parsed ? [parsed.problem] : [];
    });
  }
  if (c.parameter === 'canary_steps') {
    if (c.operator !== '=' && c.operator !== 'in') return [`canary_steps takes = or in, not ${c.operator}`];
    return values.flatMap((v) => {
      const parsed = parseCanarySteps(String(v));
      return 'problem' in parsed ? [parsed.problem] : [];
    });
  }
  return [];
}

/**
 * Constraints whose values the deploy stage could not read: a
 * `deploy_window` that is not a window (days, a time span, an optional IANA
 * zone) or takes an operator windows do not, and `canary_steps` that are not
 * increasing percentages ending at 100. One diagnostic per problem, at the
 * constraint's value. Part of reading a file, like the own-clash check, so
 * a bad window is found when the library is read, not at deploy time.
 */
export function deployValueDiagnostics(definitions: Iterable<LocatedDefinition>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { definition, origin } of definitions)
    definition.constraints.forEach((c, i) => {
      if (c.parameter !== 'deploy_window' && c.parameter !== 'canary_steps') return;
      const pos = origin.positions?.[`constraints[${i}]`];
      const path = [origin.path, `constraints[${i}].value`].filter(Boolean).join('.');
      for (const message of problemsOf(c))
        out.push({
          file: origin.file,
          line: pos?.line ?? origin.line,
          column: pos?.column ?? origin.column,
          path,
          message: `persona "${definition.id}": ${message}`,
        });
    });
  return out;
}
