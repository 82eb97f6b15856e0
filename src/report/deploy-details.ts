import type { DeployPlan } from '../planning/deploy-plan.js';
import type { GateFinding } from '../planning/deploy-gates.js';
import { code, type Cell } from './markdown-text.js';

/** What the deploy summary shows besides the plan. */
export interface DeployFacts {
  /** `open`, `closed`, `overridden`. */
  gate: string;
  findings: readonly GateFinding[];
  overrideReason: string;
  /** `123 (this job's, made by GitHub)`, `124 (created)`, or '' for none. */
  deployment: string;
  /** `main at 0123abcd…`, when a rollback ran with a target. */
  rollbackTarget?: string;
}

const ACTION_WORD: Record<GateFinding['action'], string> = { block: 'blocks', warn: 'warns', report: 'reports' };

/**
 * The deploy summary's decision rows: instance type, replicas, strategy,
 * canary steps, region, auto-rollback, approval, then the gate (each
 * finding), the override reason, the deployment and the rollback target.
 * Values from outside are cells (escaped by the table).
 */
export function deployDetails(plan: DeployPlan, facts: DeployFacts): Array<[string, Cell | Cell[]]> {
  const rows: Array<[string, Cell | Cell[]]> = [
    ['instance type', plan.instanceType ? code(plan.instanceType) : '—'],
    ['replicas', `${plan.replicas.value} (${plan.replicas.reason})`],
    ['strategy', plan.strategy ? code(plan.strategy) : '—'],
    ['canary steps', plan.canarySteps.value.length ? `${plan.canarySteps.value.join(' → ')} % (${plan.canarySteps.reason})` : '—'],
    ['region', plan.region.value ? `${plan.region.value} (${plan.region.reason})` : plan.region.reason],
    ['auto-rollback', plan.autoRollback ? 'yes: a failed deploy runs the `rollback` command (guarded)' : 'no'],
    ['requires approval', plan.requiresApproval ? 'yes' : 'no'],
    ['gate', facts.findings.length ? [code(facts.gate), ...facts.findings.map((f) => `${f.gate} ${ACTION_WORD[f.action]}: ${f.message}`)] : code(facts.gate)],
  ];
  if (facts.overrideReason) rows.push(['override reason', facts.overrideReason]);
  rows.push(['deployment', facts.deployment || 'none recorded']);
  if (facts.rollbackTarget) rows.push(['rollback target', facts.rollbackTarget]);
  return rows;
}
