/**
 * The deploy stage's scalar settings: how many replicas, which region, and
 * the canary steps, each from the persona's constraints and risk tolerance.
 * Pure; a constraint nothing can satisfy becomes a violation naming it.
 */
import type { RiskTolerance } from '../persona/vocabulary.js';
import type { Scalar } from '../persona/persona.js';
import type { Catalog } from './catalog.js';
import type { Violation } from './explanation.js';
import { optionFilter, type SourcedConstraint } from './option-constraints.js';

/** The replicas each risk tolerance starts from: more when less risk is tolerated. */
export const DEFAULT_REPLICAS: Record<RiskTolerance, number> = { low: 3, medium: 2, high: 1 };
/** The most replicas the stage plans (a larger lower bound is a violation). */
export const MAX_REPLICAS = 1000;
/** The canary steps (percent of traffic) each risk tolerance follows unless a `canary_steps` constraint says otherwise. */
export const DEFAULT_CANARY_STEPS: Record<RiskTolerance, readonly number[]> = { low: [5, 25, 50, 100], medium: [25, 50, 100], high: [100] };
/** The most steps a `canary_steps` value may have. */
export const MAX_CANARY_STEPS = 20;

/** A scalar setting the stage chose, and the constraints nothing could satisfy. */
export interface SettingChoice<T> {
  value: T;
  /** One sentence: why this value. */
  reason: string;
  violations: Violation[];
}

/** A one-option catalog for `parameter`, so a value is checked exactly as a catalog option's parameter is. */
const valueCatalog = (parameter: string): Catalog => ({ name: parameter, parameter: `\u0000${parameter}`, choice: 'one', metrics: {}, goals: {}, options: [] });

/** The first constraint on `parameter` that rejects `value` (with its reason), or undefined. */
export function settingRejection(parameter: string, value: Scalar, constraints: readonly SourcedConstraint[]) {
  return settingFilter(parameter, constraints)(value);
}

/** {@link settingRejection} compiled once for many values of `parameter` (the replicas' range). */
function settingFilter(parameter: string, constraints: readonly SourcedConstraint[]) {
  // The catalog holds an option setting the parameter, so the constraints on it apply; each value is then checked as such an option.
  const filter = optionFilter({ ...valueCatalog(parameter), options: [{ id: '', parameters: { [parameter]: 0 }, estimates: {} }] }, constraints);
  return (value: Scalar) => filter({ id: String(value), parameters: { [parameter]: value }, estimates: {} });
}

/** The constraints on `parameter`. */
const on = (parameter: string, constraints: readonly SourcedConstraint[]) => constraints.filter((c) => c.parameter === parameter);

/** The numbers a `=`/`in` constraint lists, or undefined without one. */
function listed(constraints: readonly SourcedConstraint[]): number[] | undefined {
  const sets = constraints.filter((c) => c.operator === '=' || c.operator === 'in');
  if (!sets.length) return undefined;
  return [...new Set(sets.flatMap((c) => (Array.isArray(c.value) ? c.value : [c.value])).filter((v): v is number => typeof v === 'number'))];
}

/** The bounds of the numeric comparisons, within 1..MAX_REPLICAS. */
function bounds(constraints: readonly SourcedConstraint[]): { lo: number; hi: number } {
  let lo = 1;
  let hi = MAX_REPLICAS;
  for (const c of constraints) {
    if (typeof c.value !== 'number') continue;
    if (c.operator === '>=') lo = Math.max(lo, Math.ceil(c.value));
    if (c.operator === '>') lo = Math.max(lo, Math.floor(c.value) + 1);
    if (c.operator === '<=') hi = Math.min(hi, Math.floor(c.value));
    if (c.operator === '<') hi = Math.min(hi, Math.ceil(c.value) - 1);
  }
  return { lo, hi };
}

/**
 * The allowed whole numbers of lo..hi nearest `start`, searched outward from
 * it (the larger first at each distance): the first one found, or none. A
 * range of a thousand numbers is not built for a bound such as `>= 3`.
 */
function nearestInRange(start: number, lo: number, hi: number, ok: (n: number) => boolean): number[] {
  for (let d = 0; start + d <= hi || start - d >= lo; d++) {
    if (start + d >= lo && start + d <= hi && ok(start + d)) return [start + d];
    if (d > 0 && start - d >= lo && start - d <= hi && ok(start - d)) return [start - d];
  }
  return [];
}

/**
 * The replicas: of the whole numbers the `replicas` constraints allow
 * (1..{@link MAX_REPLICAS}), the one nearest the risk tolerance's default
 * ({@link DEFAULT_REPLICAS}; a tie goes to the larger). None allowed: the
 * default, with a violation naming the constraints.
 */
export function chooseReplicas(risk: RiskTolerance, constraints: readonly SourcedConstraint[]): SettingChoice<number> {
  const mine = on('replicas', constraints);
  const start = DEFAULT_REPLICAS[risk];
  if (!mine.length) return { value: start, reason: `the ${risk}-risk default`, violations: [] };
  const { lo, hi } = bounds(mine);
  const rejects = settingFilter('replicas', mine);
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_REPLICAS && !rejects(n);
  const set = listed(mine);
  const allowed = set ? set.filter(ok) : nearestInRange(start, lo, hi, ok);
  if (!allowed.length) {
    const from = [...new Set(mine.flatMap((c) => c.from))];
    const message = `no number of replicas from 1 to ${MAX_REPLICAS} satisfies the persona's replicas constraints`;
    return { value: start, reason: `the ${risk}-risk default (nothing satisfies the constraints)`, violations: [{ constraint: mine[0]!, from, message }] };
  }
  const value = allowed.reduce((best, n) => {
    const d = Math.abs(n - start) - Math.abs(best - start);
    return d < 0 || (d === 0 && n > best) ? n : best;
  });
  const reason = value === start ? `the ${risk}-risk default, which the constraints allow` : `the allowed number nearest the ${risk}-risk default ${start}`;
  return { value, reason, violations: [] };
}

/**
 * The region: the `region` input, checked against the persona's `region`
 * constraints (a rejected one is a violation); without the input, the first
 * value an `=`/`in` constraint lists that every constraint allows, else ''
 * (the workflow's own default).
 */
export function chooseRegion(input: string, constraints: readonly SourcedConstraint[]): SettingChoice<string> {
  const mine = on('region', constraints);
  if (input) {
    const rejected = settingRejection('region', input, mine);
    if (!rejected) return { value: input, reason: mine.length ? 'the `region` input, which the constraints allow' : 'the `region` input', violations: [] };
    return {
      value: input,
      reason: 'the `region` input',
      violations: [{ constraint: rejected.constraint, from: rejected.from, message: `region ${rejected.reason}` }],
    };
  }
  const sets = mine.filter((c) => c.operator === '=' || c.operator === 'in');
  const candidates = sets.flatMap((c) => (Array.isArray(c.value) ? c.value : [c.value])).filter((v): v is string => typeof v === 'string');
  const value = candidates.find((v) => !settingRejection('region', v, mine));
  if (value !== undefined) return { value, reason: 'the first region the constraints list', violations: [] };
  if (sets.length)
    return {
      value: '',
      reason: 'none',
      violations: [{ constraint: sets[0]!, from: [...new Set(mine.flatMap((c) => c.from))], message: "no region satisfies the persona's region constraints" }],
    };
  return { value: '', reason: 'not constrained: the workflow decides', violations: [] };
}

/** The steps of a `canary_steps` value (`"5,25,50,100"`), or why it is not one. */
export function parseCanarySteps(text: string): number[] | { problem: string } {
  const parts = text.length > 200 ? [] : text.split(',').map((p) => p.trim());
  const steps = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  const increasing = steps.every((n, i) => n >= 1 && n <= 100 && (i === 0 || n > steps[i - 1]!));
  if (!steps.length || steps.length > MAX_CANARY_STEPS || !increasing || steps[steps.length - 1] !== 100)
    return {
      problem: `canary steps ${JSON.stringify(text.slice(0, 60))} are not up to ${MAX_CANARY_STEPS} increasing percentages from 1 to 100 ending at 100, such as "5,25,50,100"`,
    };
  return steps;
}

/**
 * The canary steps of a `canary` deployment: those of an `=` constraint on
 * `canary_steps`, or, for an `in` list, the risk default when listed, else
 * the first listed; without a constraint the risk tolerance's
 * ({@link DEFAULT_CANARY_STEPS}). Any other strategy shifts all traffic at
 * once (`[100]`), and `none` has no steps.
 */
export function chooseCanarySteps(strategy: string | undefined, risk: RiskTolerance, constraints: readonly SourcedConstraint[]): SettingChoice<number[]> {
  if (strategy === undefined || strategy === 'none') return { value: [], reason: 'no deployment', violations: [] };
  if (strategy !== 'canary') return { value: [100], reason: `${strategy}: all traffic in one step`, violations: [] };
  const fallback = [...DEFAULT_CANARY_STEPS[risk]];
  const mine = on('canary_steps', constraints).filter((c) => c.operator === '=' || c.operator === 'in');
  if (!mine.length) return { value: fallback, reason: `the ${risk}-risk default`, violations: [] };
  const texts = mine.flatMap((c) => (Array.isArray(c.value) ? c.value : [c.value])).map(String);
  const wanted = texts.find((t) => t.replace(/ /g, '') === fallback.join(',')) ?? texts[0]!;
  const parsed = parseCanarySteps(wanted);
  if ('problem' in parsed)
    return { value: fallback, reason: `the ${risk}-risk default`, violations: [{ constraint: mine[0]!, from: mine[0]!.from, message: parsed.problem }] };
  return {
    value: parsed,
    reason: texts.length > 1 && wanted !== texts[0] ? `the ${risk}-risk default, which the constraints list` : 'set by the constraints',
    violations: [],
  };
}
