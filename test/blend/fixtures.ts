import type { Constraint, Persona, Threshold } from '../../src/persona/persona.js';
import { configurationErrorOf } from '../support/configuration-error.js';

/** A persona with empty lists and medium risk, overridden by `fields`. */
export const persona = (id: string, fields: Partial<Persona> = {}): Persona => ({
  id,
  name: id,
  constraints: [],
  optimization_goals: [],
  monitoring_thresholds: [],
  risk_tolerance: 'medium',
  ...fields,
});

/** A critical `alert` threshold unless `extra` says otherwise. */
export const threshold = (metric: string, operator: Threshold['operator'], value: number, extra: Partial<Threshold> = {}): Threshold => ({
  metric,
  operator,
  value,
  severity: 'critical',
  action: 'alert',
  ...extra,
});

/** A constraint on `replicas`. */
export const replicas = (operator: Constraint['operator'], value: number): Constraint => ({ parameter: 'replicas', operator, value });

/** The message of the ConfigurationError `run` throws. */
export const failure = (run: () => unknown): string => configurationErrorOf(run).message;

/** A low-risk persona clashing with {@link cost} on replicas. */
export const security = persona('security-first', {
  name: 'Security First',
  description: 'Ship safely',
  risk_tolerance: 'low',
  constraints: [replicas('>=', 3), { parameter: 'region', operator: 'in', value: ['eu-west-1', 'eu-central-1'] }],
  optimization_goals: [
    { metric: 'security', weight: 1 },
    { metric: 'cost', weight: 0.2 },
  ],
  monitoring_thresholds: [threshold('error_rate', '>', 0.01, { action: 'rollback', window: '5m' })],
});

/** A high-risk persona clashing with {@link security} on replicas. */
export const cost = persona('cost-optimization', {
  name: 'Cost Optimization',
  risk_tolerance: 'high',
  constraints: [replicas('<=', 2), { parameter: 'region', operator: 'not_in', value: ['eu-central-1'] }],
  optimization_goals: [
    { metric: 'cost', weight: 1 },
    { metric: 'latency', weight: 0.5 },
  ],
  monitoring_thresholds: [threshold('error_rate', '>', 0.05, { severity: 'warning' })],
});
