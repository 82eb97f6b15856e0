import type { z } from 'zod';
import type { ConstraintSchema, GoalSchema, PersonaDefinitionSchema, RiskPolicySchema, ThresholdSchema } from './persona-schema.js';
import type { RiskTolerance } from './vocabulary.js';

/** A scalar a constraint compares against. */
export type Scalar = string | number | boolean;

/** `parameter operator value`, e.g. `replicas <= 4`; the value's type fits the operator. */
export type Constraint = Omit<z.output<typeof ConstraintSchema>, 'value'> & { value: Scalar | Scalar[] };

/** How much a persona cares about a metric, in [0, 1]. */
export type Goal = z.output<typeof GoalSchema>;

/**
 * A breach condition: when `metric operator value` holds (over `window`),
 * raise `severity` and take `action` (`alert`, `fail`, `rollback`, `switch:<id>`).
 */
export type Threshold = z.output<typeof ThresholdSchema>;

/**
 * A persona's `risk_policy` as written (durations as text such as `30s`):
 * overrides of the failure policy its risk tolerance compiles to.
 */
export type RiskPolicyDefinition = z.output<typeof RiskPolicySchema>;

/** A persona as written in a file, its id derived: inheritance not yet applied. */
export type PersonaDefinition = Omit<z.output<typeof PersonaDefinitionSchema>, '$schema' | 'id' | 'constraints'> & {
  id: string;
  constraints: Constraint[];
};

/** A persona with its inheritance applied: every field present. */
export type Persona = Omit<PersonaDefinition, 'risk_tolerance'> & { risk_tolerance: RiskTolerance };

/** Where a persona definition was read from. */
export interface PersonaOrigin {
  /** Display name of the file or remote document. */
  file: string;
  /** 1-based line and column of the persona's start. */
  line?: number;
  column?: number;
  /** Path of the persona inside the file (`personas[1]`), empty at top level. */
  path?: string;
  /** Positions of fields (`extends`, `monitoring_thresholds[0].action`) for later checks. */
  positions?: Record<string, { line: number; column: number }>;
}

/** A definition together with where it came from. */
export interface LocatedDefinition {
  definition: PersonaDefinition;
  origin: PersonaOrigin;
}

/** Default risk tolerance of a persona that neither sets nor inherits one. */
export const DEFAULT_RISK_TOLERANCE: RiskTolerance = 'medium';

/** The ids of the personas an item of a blend came from. */
export interface Provenance {
  from: string[];
}

/** For each field and item of a resolved persona, the id of the persona of its `extends` chain that wrote it. */
export interface WrittenIn {
  risk_tolerance: string;
  constraints: string[];
  optimization_goals: string[];
  monitoring_thresholds: string[];
}
