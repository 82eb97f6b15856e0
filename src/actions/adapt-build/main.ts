import fs from 'node:fs';
import { failurePolicy } from '../../blend/failure-policy.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { planBuild, type BuildPlan } from '../../planning/build-plan.js';
import { cachePolicy, cacheWanted, LOCKFILES, type CachePolicy } from '../../planning/cache-policy.js';
import { withJobFlags } from '../../planning/job-flags.js';
import { detectToolchain, type Toolchain } from '../../planning/toolchain.js';
import { code, type Cell } from '../../report/markdown-text.js';
import { planText } from '../../report/plan-markdown.js';
import { stageMarkdown, type CommandReport } from '../../report/stage-markdown.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { lockfileHash, restoreDependencyCache } from '../../wiring/dependency-cache.js';
import { readMapInput } from '../../wiring/map-input.js';
import { importBundle } from '../../edge/load-bundle.js';
import { personaEnv } from '../../wiring/stage-env.js';
import { stageContext, type StageContext } from '../../wiring/stage-context.js';
import { commandReport, enforceViolations, stageOutputs } from '../../wiring/stage-report.js';
import { writeOutputs } from '../../wiring/write-outputs.js';
import { Inputs, Outputs, SavedState } from './constants.js';
import { readSettings, type BuildSettings } from './inputs.js';

/**
 * adapt-build: finds the stage's persona, chooses the build profile from the
 * build catalog (constraints filter, goals score), turns it into the
 * toolchain's flags and environment (exported with GITHUB_ENV), restores the
 * dependency cache the goals call for (saved by the `post:` step), suggests
 * a runner from the `runners` map, writes the outputs and the summary, then
 * runs `run` under the failure policy.
 */
export async function adaptBuild(runner: ActionRunner): Promise<void> {
  const settings = readSettings(runner);
  const runners = settings.runners ? await readMapInput(settings.runners, Inputs.Runners, 'labels') : undefined;
  const context = await stageContext(runner, settings);
  const toolchain = chooseToolchain(settings, context);
  const plan = planBuild(context.persona, context.catalogs.build!, {
    toolchain,
    ...(runners ? { runners } : {}),
    ...(context.patterns ? { patterns: context.patterns } : {}),
  });
  const policy = failurePolicy(context.persona);
  enforceViolations(runner, plan.explanation, policy);
  const cache = await dependencyCache(runner, settings, context, toolchain);

  const buildEnv = withJobFlags(plan.env, runner.env);
  const env = { ...personaEnv(context), ...buildEnv };
  const outputs: Record<string, string> = {
    ...stageOutputs(context, [plan.explanation], 'skipped'),
    [Outputs.Profile]: plan.profile?.id ?? '',
    [Outputs.Env]: JSON.stringify(buildEnv),
    [Outputs.CacheKey]: cache.key ?? '',
    [Outputs.Runner]: plan.runner ? JSON.stringify(plan.runner.labels) : '',
  };
  for (const [name, value] of Object.entries(buildEnv)) runner.exportVariable(name, value);
  runner.logger.info(`adapt-build: persona ${context.persona.id} (${context.how}); profile ${plan.profile?.id ?? 'none'} for ${toolchain}`);
  await runner.group(`Build plan of ${context.persona.id}`, async () => runner.logText(planText(plan.explanation)));

  const commands: CommandReport[] = [];
  if (settings.run && !settings.dryRun) {
    const { runStageCommand } = await importBundle('commands', () => import(/* webpackIgnore: true */ '../../wiring/command-access.js'));
    const outcome = await runStageCommand(runner, { command: settings.run, label: 'build', cwd: context.cwd, stage: 'build', env }, policy, settings);
    commands.push(commandReport('build', outcome));
    outputs[Outputs.Outcome] = outcome.outcome;
  }
  writeOutputs(runner, outputs, 'the build plan');
  runner.appendSummary(
    stageMarkdown({
      action: 'adapt-build',
      personaId: context.persona.id,
      how: context.how,
      revision: context.revision,
      correlationId: context.correlationId,
      explanations: [plan.explanation],
      details: details(plan, toolchain, cache),
      policy,
      commands,
      dryRun: settings.dryRun,
    }),
  );
  const failed = commands.find((c) => c.outcome === 'failed' || c.outcome === 'rolled-back');
  if (failed) throw new ConfigurationError(`the build command ${failed.message}`);
}

/** The `toolchain` input, or the one detected from the working directory's files; an error when none is found. */
function chooseToolchain(settings: BuildSettings, context: StageContext): Toolchain {
  if (settings.toolchain !== 'auto') return settings.toolchain;
  let names: string[] = [];
  try {
    names = fs.readdirSync(context.cwd);
  } catch (error) {
    throw new ConfigurationError(`input "${Inputs.WorkingDirectory}": cannot read ${context.cwd} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const found = detectToolchain(names);
  if (!found)
    throw new ConfigurationError(
      `input "${Inputs.Toolchain}": no toolchain recognised in ${context.cwd}; set toolchain to gcc, clang, rust, go, node, java or dotnet`,
    );
  return found;
}

/** The dependency cache the goals call for: restored now (unless `dry-run`), saved by the post step. */
async function dependencyCache(runner: ActionRunner, settings: BuildSettings, context: StageContext, toolchain: Toolchain): Promise<CachePolicy> {
  if (settings.dependencyCache === 'off') return { enabled: false, reason: 'input "dependency-cache" is off', restoreKeys: [], paths: [], branchScoped: false };
  // Lockfiles are hashed (and node:crypto loaded) only when the goals call for a cache.
  const hash = cacheWanted(context.persona) ? await lockfileHash(context.cwd, LOCKFILES[toolchain]) : undefined;
  const policy = cachePolicy(context.persona, toolchain, {
    os: runner.env.RUNNER_OS || process.platform,
    ref: runner.env.GITHUB_REF ?? '',
    ...(hash ? { lockfileHash: hash } : {}),
  });
  if (policy.enabled && !settings.dryRun) {
    const saved = await restoreDependencyCache(runner, policy);
    if (saved) {
      runner.saveState(SavedState.CacheKey, saved.key);
      runner.saveState(SavedState.CachePaths, JSON.stringify(saved.paths));
      runner.saveState(SavedState.CacheMatched, saved.matched);
    }
  }
  return policy;
}

/** The summary's decision rows. */
function details(plan: BuildPlan, toolchain: Toolchain, cache: CachePolicy): Array<[string, Cell]> {
  return [
    ['profile', plan.profile ? code(plan.profile.id) : '—'],
    ['toolchain', code(toolchain)],
    ['environment', Object.keys(plan.env).length ? Object.entries(plan.env).map(([k, v]) => code(`${k}=${v}`)) : '—'] as [string, Cell],
    ['dependency cache', cache.enabled ? `${cache.key} (${cache.reason})` : `off (${cache.reason})`],
    ['runner', plan.runner ? code(JSON.stringify(plan.runner.labels)) : 'no suggestion (no `runners` map)'],
  ];
}
