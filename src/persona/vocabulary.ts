/**
 * Constraint operators, in the order error messages list them. `includes`
 * and `excludes` are for set-valued parameters (see set-parameters.ts): the
 * chosen set must contain every item of an `includes`, and none of an `excludes`.
 */
export const CONSTRAINT_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'includes', 'excludes', 'matches'] as const;
/** A constraint operator. */
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/** Operators of a monitoring threshold: the breach condition `metric OP value`. */
export const THRESHOLD_OPERATORS = ['<', '<=', '>', '>='] as const;

/** Risk tolerance from most to least conservative. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
/** A risk tolerance. */
export type RiskTolerance = (typeof RISK_LEVELS)[number];

/** Threshold severities. */
export const SEVERITIES = ['warning', 'critical'] as const;
/** A threshold severity. */
export type Severity = (typeof SEVERITIES)[number];

/** Ids are lowercase slugs. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Threshold windows such as `30s`, `5m`, `1h`. */
export const WINDOW_PATTERN = /^[1-9][0-9]*(s|m|h)$/;

/** Remediation actions of a threshold; `switch:<persona-id>` switches persona. */
export const THRESHOLD_ACTION_PATTERN = /^(alert|fail|rollback|switch:[a-z0-9][a-z0-9-]*)$/;

/**
 * Metric names the stage adapters understand as optimisation goals. Other
 * metric names are allowed and carried through untouched.
 */
export const KNOWN_GOAL_METRICS = ['cost', 'latency', 'throughput', 'build_time', 'performance', 'security', 'reliability', 'velocity', 'coverage'] as const;

/** Keys that would reach an object's prototype; rejected anywhere in a file. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Largest persona file accepted, in bytes. */
export const MAX_PERSONA_FILE_BYTES = 1024 * 1024;

/** File names read as persona files: `.json`, `.yml` and `.yaml`, in any case. */
export const PERSONA_FILE_PATTERN = /\.(json|ya?ml)$/i;

/** Longest `matches` pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;

/** Deepest nesting of lists and objects accepted in a persona file or hand-over. */
export const MAX_NESTING_DEPTH = 64;
