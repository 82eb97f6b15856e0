import path from 'node:path';
import { loadPatternEngine } from '../edge/pattern-engine-loader.js';
import type { PatternEngine } from '../persona/pattern-engine.js';
import { BUILTIN_CATALOGS } from '../planning/builtin-catalogs.js';
import type { Catalog } from '../planning/catalog.js';
import { mergeCatalogs } from '../planning/merge-catalogs.js';
import type { PersonaLibrary } from '../library/persona-library.js';
import type { ActionRunner } from '../runner/action-runner.js';
import { buildLibrary } from './build-library.js';
import type { StageSettings } from './stage-inputs.js';
import { stagePersona, type StagePersona } from './stage-persona.js';

/** What every stage action starts from: its persona, the catalogs of its library, and where it works. */
export interface StageContext extends StagePersona {
  /** The built-in catalogs with the library's catalog files applied. */
  catalogs: Record<string, Catalog>;
  /** The pattern engine, when the persona has `matches` constraints. */
  patterns?: PatternEngine;
  /** The workspace (`GITHUB_WORKSPACE`, else the current directory). */
  workspace: string;
  /** The working directory of the command, resolved against the workspace. */
  cwd: string;
  /** The library the persona was resolved from (a stage that re-reads the state, such as watch-monitor, resolves switches with it). */
  library: PersonaLibrary;
}

/**
 * Builds the library (built-in personas and catalogs, then the `library`
 * input's files), finds the stage's persona by the shared rule
 * ({@link stagePersona}), merges the catalogs, and loads the pattern engine
 * when the persona has a `matches` constraint the library did not load it
 * for (a hand-over from a library with patterns).
 */
export async function stageContext(runner: ActionRunner, settings: StageSettings): Promise<StageContext> {
  const workspace = runner.env.GITHUB_WORKSPACE || process.cwd();
  const library = await buildLibrary(settings, {
    workspace,
    logger: runner.logger,
    apiUrl: runner.env.GITHUB_API_URL,
    cacheService: Boolean(runner.env.ACTIONS_RESULTS_URL || runner.env.ACTIONS_CACHE_URL),
    runnerTemp: runner.env.RUNNER_TEMP,
  });
  const found = await stagePersona(settings, library, { env: runner.env, logger: runner.logger, now: new Date(), workspace });
  const catalogs = mergeCatalogs(BUILTIN_CATALOGS, library.catalogEntries);
  const hasPatterns = found.persona.constraints.some((c) => c.operator === 'matches');
  const patterns = hasPatterns ? (library.patterns ?? (await loadPatternEngine())) : undefined;
  const cwd = path.resolve(workspace, settings.workingDirectory || '.');
  return { ...found, catalogs, ...(patterns ? { patterns } : {}), workspace, cwd, library };
}
