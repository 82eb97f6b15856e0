import { byCodeUnit } from '../persona/code-unit-order.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Constraint, Persona } from '../persona/persona.js';
import { RISK_LEVELS } from '../persona/vocabulary.js';
import { canonicalBlendId, parseBlendExpression, roundWeight, sortTerms, type BlendTerm } from './blend-expression.js';
import { blendRiskPolicy } from './blend-risk-policy.js';
import { blendConstraints, type ConflictPolicy, type ConstraintContext } from './blend-constraints.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import type { ResolvedPersona } from './resolved-persona.js';
import { strictestThresholds } from './strictest-thresholds.js';

/** Where a blend finds personas by id; PersonaLibrary is one. */
export interface PersonaLookup {
  has(id: string): boolean;
  get(id: string): Persona;
  unknownMessage(id: string): string;
  /** The linear-time engine for the personas' `matches` patterns (the library carries the one it was built with). */
  readonly patterns?: PatternEngine;
  /** Where a constraint of persona `id` was written, `personas/a.yml:12` (inherited ones where their ancestor wrote them). */
  whereWritten?(id: string, constraint: Constraint): string | undefined;
}

/** Options of a blend. */
export interface BlendOptions extends ConstraintContext {
  onConflict?: ConflictPolicy;
}

/**
 * Blends weighted personas into one: goal weights are the weighted sum,
 * risk tolerance the most conservative, its failure-policy overrides the
 * safest (see {@link blendRiskPolicy}), constraints all hold together (see
 * {@link blendConstraints}), thresholds the strictest per metric and
 * direction. Every item keeps its provenance.
 */
export function blendPersonas(weighted: ReadonlyArray<{ persona: Persona; weight: number }>, options: BlendOptions = {}): ResolvedPersona {
  const terms = sortTerms(weighted.map((w) => ({ id: w.persona.id, weight: w.weight })));
  const byId = new Map(weighted.map((w) => [w.persona.id, w.persona]));
  const ordered = terms.map((t) => ({ ...t, persona: byId.get(t.id)! }));

  const goals = new Map<string, { weight: number; from: string[] }>();
  for (const { persona, weight } of ordered)
    for (const g of persona.optimization_goals) {
      const entry = goals.get(g.metric) ?? { weight: 0, from: [] };
      entry.weight += weight * g.weight;
      entry.from.push(persona.id);
      goals.set(g.metric, entry);
    }
  const optimization_goals = [...goals]
    .map(([metric, g]) => ({ metric, weight: roundWeight(g.weight, 6), from: g.from }))
    .sort((a, b) => b.weight - a.weight || byCodeUnit(a.metric, b.metric));

  const risk = RISK_LEVELS.find((level) => ordered.some((o) => o.persona.risk_tolerance === level))!;
  // Precedence for conflicts and equal thresholds: weight, then the more
  // conservative persona (an equal-weight blend with `freeze` keeps freeze's
  // constraints), then id.
  const rank = (o: (typeof ordered)[number]) => RISK_LEVELS.indexOf(o.persona.risk_tolerance);
  const precedence = [...ordered].sort((a, b) => b.weight - a.weight || rank(a) - rank(b) || byCodeUnit(a.id, b.id));
  const { constraints, conflicts } = blendConstraints(
    precedence.map((o) => ({ id: o.id, weight: o.weight, constraints: o.persona.constraints })),
    options.onConflict ?? 'strict',
    { patterns: options.patterns, whereWritten: options.whereWritten },
  );
  const single = ordered.length === 1 ? ordered[0]!.persona : undefined;
  const risk_policy = blendRiskPolicy(ordered.map((o) => o.persona));
  return {
    id: canonicalBlendId(terms),
    name: ordered.map((o) => o.persona.name).join(' + '),
    ...(single?.description !== undefined ? { description: single.description } : {}),
    blend: terms.map((t) => ({ id: t.id, weight: roundWeight(t.weight, 6) })),
    risk_tolerance: risk,
    risk_tolerance_from: ordered.filter((o) => o.persona.risk_tolerance === risk).map((o) => o.id),
    ...(risk_policy ? { risk_policy } : {}),
    constraints,
    optimization_goals,
    monitoring_thresholds: strictestThresholds(precedence.map((o) => ({ id: o.id, thresholds: o.persona.monitoring_thresholds }))),
    conflicts,
  };
}

/** Looks up the terms of a blend, failing with the closest known ids for an unknown one. */
export function lookupTerms(lookup: PersonaLookup, terms: readonly BlendTerm[], what = 'persona'): Array<{ persona: Persona; weight: number }> {
  const unknown = terms.filter((t) => !lookup.has(t.id));
  if (unknown.length) throw new ConfigurationError(unknown.map((t) => ({ message: `${what}: ${lookup.unknownMessage(t.id)}` })));
  return terms.map((t) => ({ persona: lookup.get(t.id), weight: t.weight }));
}

/**
 * Parses a blend expression, looks its personas up and blends them. `what`
 * names where the expression came from in errors (`input "persona"`). The
 * lookup's pattern engine and constraint locations are used unless
 * `options` gives its own.
 */
export function resolveBlend(lookup: PersonaLookup, expression: string, options: BlendOptions = {}, what = 'persona'): ResolvedPersona {
  const whereWritten = lookup.whereWritten ? (id: string, c: Constraint) => lookup.whereWritten!(id, c) : undefined;
  return blendPersonas(lookupTerms(lookup, parseBlendExpression(expression, what), what), { patterns: lookup.patterns, whereWritten, ...options });
}
