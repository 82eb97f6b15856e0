import { importBundle } from './load-bundle.js';

/** The linear-time pattern engine's module (`dist/bundles/patterns`). */
type PatternModule = typeof import('./pattern-engine-re2.js');

/**
 * Loads the linear-time pattern engine (re2js, ≈13 ms) from the shared
 * `patterns` bundle and creates it. Call it only when some persona has a
 * `matches` pattern: the cold path never loads it.
 */
export async function loadPatternEngine(): Promise<ReturnType<PatternModule['createPatternEngine']>> {
  const patterns = await importBundle<PatternModule>('patterns', () => import(/* webpackIgnore: true */ './pattern-engine-re2.js'));
  return patterns.createPatternEngine();
}
