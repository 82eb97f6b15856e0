import { failurePolicy } from '../../blend/failure-policy.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { FailurePolicy } from '../../persona/risk-policy.js';
import { planTests, type TestPlan } from '../../planning/test-plan.js';
import { code, type Cell } from '../../report/markdown-text.js';
import { planText } from '../../report/plan-markdown.js';
import { stageMarkdown, type CommandReport } from '../../report/stage-markdown.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { readMapInput } from '../../wiring/map-input.js';
import { importBundle } from '../../edge/load-bundle.js';
import { personaEnv } from '../../wiring/stage-env.js';
import { stageContext, type StageContext } from '../../wiring/stage-context.js';
import { commandReport, enforceViolations, stageOutputs } from '../../wiring/stage-report.js';
import { writeOutputs } from '../../wiring/write-outputs.js';
import { Inputs, Outputs } from './constants.js';
import { measuredCoverage, type MeasuredCoverage } from './coverage.js';
import { readSettings, type TestSettings } from './inputs.js';

/**
 * adapt-test: finds the stage's persona, chooses the test tiers (constraints
 * filter, goals score; `includes` tiers always run), and derives the
 * matrix (tier × shard), retries, timeout, fail-fast and coverage minimum.
 * With `suites` it runs the chosen tiers in order under the failure policy;
 * with `coverage-report` (or `coverage`) it checks the measured coverage
 * against the persona's `coverage` constraints afterwards.
 */
export async function adaptTest(runner: ActionRunner): Promise<void> {
  const settings = readSettings(runner);
  const suites = settings.suites ? await readMapInput(settings.suites, Inputs.Suites, 'text') : undefined;
  const context = await stageContext(runner, settings);
  const plan = planTests(context.persona, context.catalogs.test!, {
    maxShards: settings.maxShards,
    ...(context.patterns ? { patterns: context.patterns } : {}),
  });
  const policy = failurePolicy(context.persona);
  enforceViolations(runner, plan.explanation, policy);
  const runnable = suites ? onlyTier(runner, settings.tier, suitesToRun(runner, plan, suites as Record<string, string>, policy, settings.tier)) : [];
  runner.logger.info(`adapt-test: persona ${context.persona.id} (${context.how}); tiers ${plan.tiers.join(', ') || 'none'}`);
  await runner.group(`Test plan of ${context.persona.id}`, async () => runner.logText(planText(plan.explanation)));

  const commands = settings.dryRun ? [] : await runTiers(runner, settings, context, plan, policy, runnable);
  const coverage = settings.dryRun ? undefined : await measuredCoverage(settings, context);
  const outcome = !runnable.length || settings.dryRun ? 'skipped' : (commands.find((c) => c.outcome !== 'succeeded')?.outcome ?? 'succeeded');
  const measured = coverage === undefined ? '' : String(coverage.percent);
  writeOutputs(runner, { ...stageOutputs(context, [plan.explanation], outcome), ...planOutputs(plan), [Outputs.CoverageMeasured]: measured }, 'the test plan');
  runner.appendSummary(
    stageMarkdown({
      action: 'adapt-test',
      personaId: context.persona.id,
      how: context.how,
      revision: context.revision,
      correlationId: context.correlationId,
      explanations: [plan.explanation],
      details: details(plan, coverage),
      policy,
      commands,
      dryRun: settings.dryRun,
    }),
  );
  const problems = commands.filter((c) => c.outcome === 'failed' || c.outcome === 'rolled-back').map((c) => ({ message: `${c.label} ${c.message}` }));
  for (const v of coverage?.violations ?? []) {
    const message = `${v.message} (from ${v.from.join(', ')}; ${coverage!.from})`;
    if (policy.violations === 'fail') problems.push({ message });
    else runner.logger.warning(`${message}; violations: warn, so the stage goes on`);
  }
  if (problems.length) throw new ConfigurationError(problems);
}

/** The plan's outputs, each a string a workflow reads with `fromJSON()` where it is JSON. */
function planOutputs(plan: TestPlan): Record<string, string> {
  return {
    [Outputs.Tiers]: JSON.stringify(plan.tiers),
    [Outputs.Matrix]: JSON.stringify(plan.matrix),
    [Outputs.Retries]: String(plan.retries),
    [Outputs.TimeoutMinutes]: String(plan.timeoutMinutes),
    [Outputs.FailFast]: String(plan.failFast),
    [Outputs.CoverageMin]: plan.coverageMin === undefined ? '' : String(plan.coverageMin),
  };
}

/**
 * The chosen tiers that have a command in `suites`, in the plan's order. A
 * chosen tier without one is a violation, treated by the policy (fail
 * before anything runs, or a warning and the tier is skipped).
 */
function suitesToRun(
  runner: ActionRunner,
  plan: TestPlan,
  suites: Record<string, string>,
  policy: FailurePolicy,
  only: string,
): Array<{ tier: string; command: string }> {
  const missing = plan.tiers.filter((tier) => !(tier in suites) && (!only || tier === only));
  const message = (tier: string) => `input "${Inputs.Suites}" has no command for the chosen tier ${JSON.stringify(tier)}`;
  if (missing.length && policy.violations === 'fail') throw new ConfigurationError(missing.map((tier) => ({ message: message(tier) })));
  for (const tier of missing) runner.logger.warning(`${message(tier)}; violations: warn, so it is skipped`);
  return plan.tiers.filter((tier) => tier in suites).map((tier) => ({ tier, command: suites[tier]! }));
}

/**
 * With the `tier` input (a matrix job), only that tier's suite. A tier the
 * plan no longer chooses (the persona changed since the matrix was planned:
 * a runtime switch read from `state`) runs nothing, with a notice.
 */
function onlyTier(runner: ActionRunner, tier: string, runnable: Array<{ tier: string; command: string }>): Array<{ tier: string; command: string }> {
  if (!tier) return runnable;
  const mine = runnable.filter((r) => r.tier === tier);
  if (!mine.length)
    runner.logger.notice(
      `input "${Inputs.Tier}": the persona this stage uses does not choose tier ${JSON.stringify(tier)} (or suites has no command for it), so nothing runs`,
    );
  return mine;
}

/** Runs the tiers in order under the policy; with fail-fast, the first tier that still fails stops the rest. */
async function runTiers(
  runner: ActionRunner,
  settings: TestSettings,
  context: StageContext,
  plan: TestPlan,
  policy: FailurePolicy,
  tiers: ReadonlyArray<{ tier: string; command: string }>,
): Promise<CommandReport[]> {
  if (!tiers.length) return [];
  const { runStageCommand } = await importBundle('commands', () => import(/* webpackIgnore: true */ '../../wiring/command-access.js'));
  const reports: CommandReport[] = [];
  for (const { tier, command } of tiers) {
    const env = { ...personaEnv(context), PERSONA_TEST_TIER: tier, PERSONA_TEST_TIERS: plan.tiers.join(','), PERSONA_TEST_RETRIES: String(plan.retries) };
    const outcome = await runner.group(`Tier ${tier}`, () =>
      runStageCommand(runner, { command, label: `tier ${tier}`, cwd: context.cwd, stage: 'test', env }, policy, settings),
    );
    reports.push(commandReport(`tier ${tier}`, outcome));
    if (!outcome.ok && plan.failFast) {
      const rest = tiers.slice(tiers.findIndex((t) => t.tier === tier) + 1).map((t) => t.tier);
      if (rest.length) runner.logger.warning(`fail-fast: tier ${tier} failed, so ${rest.join(', ')} did not run`);
      break;
    }
  }
  return reports;
}

/** The summary's decision rows. */
function details(plan: TestPlan, coverage: MeasuredCoverage | undefined): Array<[string, Cell]> {
  return [
    ['tiers', plan.tiers.length ? plan.tiers.map((t) => code(t)) : '—'] as [string, Cell],
    ['matrix', `${plan.matrix.include.length} jobs (${plan.shards} shards per shardable tier)`],
    ['retries', String(plan.retries)],
    ['timeout per tier', `${plan.timeoutMinutes} min`],
    ['fail-fast', String(plan.failFast)],
    [
      'coverage',
      `${plan.coverageMin === undefined ? 'no minimum' : `minimum ${plan.coverageMin} %`}${coverage === undefined ? '' : `, measured ${coverage.percent} % from ${coverage.from}`}`,
    ],
  ];
}
