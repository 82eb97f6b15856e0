import { failurePolicy } from '../../blend/failure-policy.js';
import type { ResolvedPersona } from '../../blend/resolved-persona.js';
import { importBundle } from '../../edge/load-bundle.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { parseMetricSources } from '../../metrics/parse-metric-sources.js';
import { watchPolicy } from '../../monitoring/watch-policy.js';
import { WatchSession } from '../../monitoring/watch-session.js';
import { watchMarkdown } from '../../report/watch-markdown.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { parseStateSpec } from '../../state/state-spec.js';
import { DeployRecord } from '../../wiring/deploy-record.js';
import { openDeployments, runFacts } from '../../wiring/deploy-run.js';
import { LivePersonaReader } from '../../wiring/live-persona.js';
import { rollbackGuard } from '../../wiring/rollback-guarding.js';
import { personaEnv } from '../../wiring/stage-env.js';
import { stageContext, type StageContext } from '../../wiring/stage-context.js';
import { REAL_CLOCK, runWatch, type WatchClock, type WatchRun } from '../../wiring/watch-loop.js';
import { remediate, type RemediationDeps } from '../../wiring/watch-remediation.js';
import { stateWriter, type StateWriter } from '../../wiring/watch-state-writer.js';
import { writeOutputs } from '../../wiring/write-outputs.js';
import { Outputs } from './constants.js';
import { readSettings, type WatchSettings } from './inputs.js';

/** The watched form of a persona, with the policy of its risk tolerance (inputs override it). */
const watchedBy = (settings: WatchSettings) => (persona: ResolvedPersona) => ({ persona, policy: watchPolicy(persona.risk_tolerance, settings.policy) });

/**
 * watch-monitor: finds the stage's persona, reads the metric sources every
 * `interval` for `duration` (a decision can end it earlier), checks the
 * current persona's thresholds (a switch in the state store is adopted
 * mid-watch), carries out their actions (alert and webhook, fail, guarded
 * rollback, switch), aborts a rollout whose target cohort failed, then
 * writes the outputs and the summary and decides the step.
 */
export async function watchMonitor(runner: ActionRunner, clock: WatchClock = REAL_CLOCK): Promise<void> {
  const settings = readSettings(runner);
  for (const secret of [settings.webhook, settings.webhookSecret]) if (secret) runner.setSecret(secret);
  const context = await stageContext(runner, settings);
  const sources = await parseMetricSources(settings.metrics, settings.queries, {
    workspace: context.workspace,
    env: runner.env,
    logger: runner.logger,
    mask: (secret) => runner.setSecret(secret),
    startedAt: clock.now(),
  });
  const watched = watchedBy(settings);
  const first = watched(context.persona);
  const session = new WatchSession(first.persona, first.policy);
  const initial = { persona: context.persona, revision: context.revision, correlationId: context.correlationId };
  const live = new LivePersonaReader(settings, context.library, { env: runner.env, logger: runner.logger, workspace: context.workspace }, initial);
  const spec = parseStateSpec(settings.state, { repository: runner.env.GITHUB_REPOSITORY, workspace: context.workspace });
  const state = spec.kind === 'none' ? undefined : stateWriter(spec, { env: runner.env, logger: runner.logger, library: context.library, settings });
  const deps = await remediationDeps(runner, settings, context, live, state, clock);
  runner.logger.info(
    `watch-monitor: persona ${context.persona.id} (${context.how}); ${sources.length} source(s); every ${settings.intervalMs / 1000} s for ${settings.durationMs / 1000} s${live.live ? '; following the state store' : ''}`,
  );
  const watch = await runWatch({
    session,
    sources,
    live,
    watched,
    clock,
    intervalMs: settings.intervalMs,
    durationMs: settings.durationMs,
    logger: runner.logger,
    act: (action, result) => remediate(action, result, deps),
  });
  const aborted = await abortRollout(runner, watch, live, state);
  finish(runner, context, live, watch, aborted);
}

/** What the remediations need: the webhook, the guarded rollback (the run's deployment when there is an environment), the state writer. */
async function remediationDeps(
  runner: ActionRunner,
  settings: WatchSettings,
  context: StageContext,
  live: LivePersonaReader,
  state: StateWriter | undefined,
  clock: WatchClock,
): Promise<RemediationDeps> {
  const run = runFacts(runner.env);
  const deployments = settings.rollback ? await openDeployments(runner, settings.environment, settings.token, run) : undefined;
  const record = deployments ? await DeployRecord.find(deployments, settings.environment, run, runner.logger) : undefined;
  const guard = rollbackGuard({
    ...(deployments ? { deployments } : {}),
    record: true,
    environment: settings.environment,
    ...(record?.id === undefined ? {} : { deploymentId: record.id }),
    run,
    cooldownMs: settings.rollbackCooldownMs,
    now: () => new Date(clock.now()),
    runnerTemp: runner.env.RUNNER_TEMP,
    logger: runner.logger,
  });
  const runRollback: RemediationDeps['runRollback'] = async ({ command, env }) => {
    const { runCommand } = await importBundle('commands', () => import(/* webpackIgnore: true */ '../../wiring/command-access.js'));
    const base: Record<string, string> = {};
    for (const [name, value] of Object.entries(runner.env)) if (value !== undefined) base[name] = value;
    const persona = live.persona.persona;
    return runCommand({
      command,
      cwd: context.cwd,
      env: { ...base, ...personaEnv({ ...context, persona }), ...env },
      timeoutMs: failurePolicy(persona).timeouts_ms.deploy,
      label: 'rollback',
    });
  };
  return {
    logger: runner.logger,
    live: () => live.persona,
    webhook: settings.webhook,
    webhookSecret: settings.webhookSecret,
    runUrl: run.logUrl,
    rollback: settings.rollback,
    guard,
    runRollback,
    ...(state ? { state } : {}),
    post: { sleep: (ms) => clock.sleep(ms) },
  };
}

/** When the watch failed and this run is in a rollout's target cohort, aborts the rollout (everyone back to the previous persona). */
async function abortRollout(runner: ActionRunner, watch: WatchRun, live: LivePersonaReader, state: StateWriter | undefined): Promise<string> {
  if (watch.outcome.verdict !== 'fail' || live.persona.cohort !== 'target' || !state) return '';
  try {
    const write = await state.abortRollout(`watch-monitor: the target cohort failed (${watch.outcome.endReason ?? 'verdict fail'})`, watch.outcome.checks);
    runner.logger.warning(
      `the rollout of ${live.persona.persona.id} is aborted (${write.result}, revision ${write.revision}): this run is in its target cohort and the watch failed`,
    );
    return `rollout aborted (${write.result})`;
  } catch (error) {
    runner.logger.warning(`the rollout could not be aborted: ${(error as Error).message}`);
    return 'rollout abort failed';
  }
}

/** Outputs, the summary, and the step's result (see README "Watch evaluation"). */
function finish(runner: ActionRunner, context: StageContext, live: LivePersonaReader, watch: WatchRun, aborted: string): void {
  const { outcome } = watch;
  const failed = outcome.ended !== undefined || (outcome.verdict === 'fail' && !outcome.alertOnly);
  const conclusion = failed
    ? `the step fails: ${outcome.endReason ?? 'verdict fail'}`
    : outcome.verdict === 'pass'
      ? 'the step passes'
      : `the step passes with a warning (verdict ${outcome.verdict}${outcome.alertOnly ? ', only alert actions' : ''})`;
  writeOutputs(
    runner,
    {
      [Outputs.PersonaId]: live.persona.persona.id,
      [Outputs.Revision]: live.persona.revision === null ? '' : String(live.persona.revision),
      [Outputs.Verdict]: outcome.verdict,
      [Outputs.Score]: String(outcome.score),
      [Outputs.Breaches]: JSON.stringify(outcome.breaches.slice(0, 1000)),
      [Outputs.Switches]: JSON.stringify(watch.switches),
      [Outputs.Checks]: String(outcome.checks),
    },
    'the watch outputs',
  );
  runner.appendSummary(
    watchMarkdown({
      personaId: live.persona.persona.id,
      revision: live.persona.revision,
      correlationId: live.persona.correlationId,
      how: context.how,
      outcome,
      results: watch.results,
      switches: watch.switches,
      taken: watch.taken,
      conclusion: aborted ? `${conclusion}; ${aborted}` : conclusion,
    }),
  );
  if (failed) throw new ConfigurationError(`watch-monitor: ${outcome.endReason ?? `verdict ${outcome.verdict}`}`);
  if (outcome.verdict !== 'pass') runner.logger.warning(`watch-monitor: ${conclusion}`);
}
