/**
 * The README's "Deploy choices" table: what adapt-deploy chooses for each
 * built-in persona and a few blends. The rows are computed by
 * scripts/action-docs.ts (planDeploy on the built-in catalogs) and checked
 * fresh in CI like every generated README section; this file only renders
 * them, escaped like any library text.
 */
import { code, markdownTable, type Cell } from './markdown-text.js';

/** One persona's (or blend's) deploy choices. */
export interface DeployChoiceRow {
  /** A persona id or blend expression, with a note such as `(weighted)`. */
  persona: string;
  risk: string;
  instanceType?: string;
  strategy?: string;
  replicas: number;
  canarySteps: readonly number[];
  autoRollback: boolean;
  requiresApproval: boolean;
  /** The gates that close (`freeze`), empty when the deploy may go ahead. */
  closedBy: readonly string[];
}

/** The table: persona, risk, instance type, strategy, replicas, canary steps, auto-rollback, approval, gate. */
export function deployChoicesMarkdown(rows: readonly DeployChoiceRow[]): string {
  return markdownTable(
    ['persona', 'risk', 'instance type', 'strategy', 'replicas', 'canary steps', 'auto-rollback', 'requires approval', 'gate'],
    rows.map((r): Array<Cell | Cell[]> => [
      r.persona,
      r.risk,
      r.instanceType === undefined ? 'none' : code(r.instanceType),
      r.strategy === undefined ? 'none' : code(r.strategy),
      r.replicas,
      r.canarySteps.length ? code(JSON.stringify(r.canarySteps)) : '–',
      r.autoRollback ? 'yes' : 'no',
      r.requiresApproval ? 'yes' : 'no',
      r.closedBy.length ? `closed: ${r.closedBy.join(', ')}` : 'open',
    ]),
  ).trimEnd();
}
