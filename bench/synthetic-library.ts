import { stringify } from 'yaml';
import type { LocatedDefinition } from '../src/persona/persona.js';
import type { Constraint, Goal, Threshold } from '../src/persona/persona.js';

/** A small deterministic PRNG (mulberry32), so every run measures the same library. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METRICS = [
  'cost',
  'latency',
  'throughput',
  'build_time',
  'performance',
  'security',
  'reliability',
  'velocity',
  'coverage',
  'energy',
  'queue_time',
  'flakiness',
];

/**
 * `count` personas, each with 50 constraints, 10 goals and 10 thresholds,
 * over shared parameters so that blends really combine them. Any 10 of them
 * are satisfiable together: bounds stay in [0, 40] ≤ [60, 100], `in` sets
 * always share `shared`.
 */
export function syntheticLibrary(count: number, seed = 42): LocatedDefinition[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: LocatedDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const constraints: Constraint[] = [];
    for (let c = 0; c < 50; c++) {
      const parameter = `param_${Math.floor(rand() * 120)}`;
      switch (c % 5) {
        case 0:
          constraints.push({ parameter, operator: '>=', value: Math.floor(rand() * 40) });
          break;
        case 1:
          constraints.push({ parameter, operator: '<=', value: 60 + Math.floor(rand() * 40) });
          break;
        case 2:
          constraints.push({ parameter: `${parameter}_kind`, operator: 'in', value: ['shared', pick(['a', 'b', 'c', 'd']), pick(['e', 'f', 'g'])] });
          break;
        case 3:
          constraints.push({ parameter: `${parameter}_kind`, operator: '!=', value: `x${Math.floor(rand() * 50)}` });
          break;
        default:
          constraints.push({ parameter: `${parameter}_name`, operator: 'matches', value: `^[a-z]{${1 + Math.floor(rand() * 3)},}` });
      }
    }
    const goals: Goal[] = [...METRICS]
      .sort(() => rand() - 0.5)
      .slice(0, 10)
      .map((metric) => ({ metric, weight: Math.round(rand() * 100) / 100 }));
    const thresholds: Threshold[] = Array.from({ length: 10 }, (_, t) => ({
      metric: `metric_${t}`,
      operator: rand() < 0.5 ? '>' : '<',
      value: Math.round(rand() * 1000),
      window: '5m',
      severity: rand() < 0.5 ? 'warning' : 'critical',
      action: pick(['alert', 'fail', 'rollback']),
    }));
    const id = `persona-${i}`;
    out.push({
      definition: {
        id,
        name: `Persona ${i}`,
        constraints,
        optimization_goals: goals,
        monitoring_thresholds: thresholds,
        risk_tolerance: pick(['low', 'medium', 'high'] as const),
      },
      origin: { file: `bench/persona-${i}.yml`, line: 1, column: 1, positions: { name: { line: 1, column: 7 } } },
    });
  }
  return out;
}

/**
 * `count` persona files as a repository library holds them: YAML, each
 * with 20 constraints, 5 goals and 5 thresholds of the synthetic library
 * (about 2 KB), as `[relative path, text]` under `.github/personas/`.
 */
export function syntheticFiles(count: number, seed = 42): Array<[string, string]> {
  return syntheticLibrary(count, seed).map(({ definition: d }) => {
    const written = {
      name: d.name,
      risk_tolerance: d.risk_tolerance,
      constraints: d.constraints.slice(0, 20),
      optimization_goals: d.optimization_goals.slice(0, 5),
      monitoring_thresholds: d.monitoring_thresholds.slice(0, 5),
    };
    return [`.github/personas/${d.id}.yml`, stringify(written)];
  });
}
