import { failurePolicy } from '../../blend/failure-policy.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { FailurePolicy } from '../../persona/risk-policy.js';
import { planDeploy, type DeployPlan } from '../../planning/deploy-plan.js';
import { deployDetails, type DeployFacts } from '../../report/deploy-details.js';
import { planText } from '../../report/plan-markdown.js';
import { stageMarkdown, type CommandReport } from '../../report/stage-markdown.js';
import type { ActionRunner } from '../../runner/action-runner.js';
import { importBundle } from '../../edge/load-bundle.js';
import { frequencyFindings, settleGates, type GateState } from '../../wiring/deploy-gate-check.js';
import { DeployRecord } from '../../wiring/deploy-record.js';
import { openDeployments, runFacts, type RunFacts } from '../../wiring/deploy-run.js';
import { rollbackGuard } from '../../wiring/rollback-guarding.js';
import { personaEnv } from '../../wiring/stage-env.js';
import { stageContext, type StageContext } from '../../wiring/stage-context.js';
import { commandReport, enforceViolations, stageOutputs } from '../../wiring/stage-report.js';
import { writeOutputs } from '../../wiring/write-outputs.js';
import { Outputs } from './constants.js';
import { readSettings, type DeploySettings } from './inputs.js';

/** Where the persona came from, for a blocked deploy's message: how the stage found it and the switch that set it. */
function originOf(context: StageContext): string {
  const switchNote = context.correlationId ? `; set by switch ${context.correlationId}` : '';
  const revision = context.revision === null ? '' : ` (state revision ${context.revision})`;
  return `${context.how}${switchNote}${revision}`;
}

/**
 * adapt-deploy: finds the stage's persona, plans the deploy (instance type,
 * strategy, replicas, region, canary steps), checks the gates before
 * anything runs (the freeze, the deploy windows, the deployment frequency
 * counted through the Deployments API), writes the outputs and the summary,
 * then runs `run` under the failure policy with the rollback guardrails,
 * recording a GitHub Deployment and its statuses when `environment` is set.
 */
export async function adaptDeploy(runner: ActionRunner): Promise<void> {
  const settings = readSettings(runner);
  const context = await stageContext(runner, settings);
  const now = new Date();
  const plan = planDeploy(context.persona, context.catalogs, {
    region: settings.region,
    now,
    overriding: settings.overrideReason !== '',
    ...(context.patterns ? { patterns: context.patterns } : {}),
  });
  if (plan.problems.length) throw new ConfigurationError(plan.problems.map((message) => ({ message: `deploy_window: ${message}` })));
  const policy = failurePolicy(context.persona);
  for (const explanation of plan.explanations) enforceViolations(runner, explanation, policy);

  const run = runFacts(runner.env);
  const deployments = await openDeployments(runner, settings.environment, settings.token, run);
  const record = await DeployRecord.find(deployments, settings.environment, run, runner.logger);
  const findings = [
    ...plan.gates,
    ...(await frequencyFindings({
      ...(deployments ? { deployments } : {}),
      environment: settings.environment,
      constraints: context.persona.constraints,
      treatment: policy.violations,
      now,
      ...(record.id === undefined ? {} : { excludeId: record.id }),
      logger: runner.logger,
    })),
  ];
  const facts: DeployFacts = { gate: 'closed', findings, overrideReason: settings.overrideReason, deployment: '' };
  const report = (commands: CommandReport[]) => summary(runner, { settings, context, plan, policy, facts, commands, record });
  let gate: GateState;
  try {
    gate = settleGates(runner.logger, findings, settings.overrideReason, originOf(context));
  } catch (error) {
    await record.status('failure', `Blocked by the deploy gate (persona ${context.persona.id})`);
    report([]);
    throw error;
  }
  facts.gate = gate;
  runner.logger.info(
    `adapt-deploy: persona ${context.persona.id} (${context.how}); ${plan.strategy ?? 'no strategy'} of ${plan.replicas.value} × ${plan.instanceType ?? 'no instance type'}; gate ${gate}`,
  );
  await runner.group(`Deploy plan of ${context.persona.id}`, async () => runner.logText(plan.explanations.map(planText).join('\n')));

  const outputs = deployOutputs(context, plan, gate);
  const commands: CommandReport[] = [];
  if (settings.run && !settings.dryRun && plan.deploys) {
    const outcome = await deploy(runner, { settings, context, plan, policy, run, record, deployments, facts });
    commands.push(outcome);
    outputs[Outputs.Outcome] = outcome.outcome;
  } else if (settings.run && !plan.deploys) runner.logger.info(`adapt-deploy: strategy ${plan.strategy ?? 'none'} deploys nothing, so \`run\` is skipped`);
  outputs[Outputs.DeploymentId] = record.id === undefined ? '' : String(record.id);
  writeOutputs(runner, outputs, 'the deploy plan');
  report(commands);
  const failed = commands.find((c) => c.outcome === 'failed' || c.outcome === 'rolled-back');
  if (failed) throw new ConfigurationError(`the deploy command ${failed.message}`);
}

/** The outputs of a plan whose gate let it through. */
function deployOutputs(context: StageContext, plan: DeployPlan, gate: GateState): Record<string, string> {
  return {
    ...stageOutputs(context, plan.explanations, 'skipped'),
    [Outputs.InstanceType]: plan.instanceType ?? '',
    [Outputs.Replicas]: String(plan.replicas.value),
    [Outputs.Strategy]: plan.strategy ?? '',
    [Outputs.CanarySteps]: JSON.stringify(plan.canarySteps.value),
    [Outputs.Region]: plan.region.value,
    [Outputs.AutoRollback]: String(plan.autoRollback),
    [Outputs.RequiresApproval]: String(plan.requiresApproval),
    [Outputs.Gate]: gate,
  };
}

/** Everything a deploy step carries from planning to running. */
interface DeployStep {
  settings: DeploySettings;
  context: StageContext;
  plan: DeployPlan;
  policy: FailurePolicy;
  run: RunFacts;
  record: DeployRecord;
  deployments: Awaited<ReturnType<typeof openDeployments>>;
  facts: DeployFacts;
}

/** Runs `run` with the plan's variables under the failure policy and the rollback guardrails, with deployment statuses around it. */
async function deploy(runner: ActionRunner, step: DeployStep): Promise<CommandReport> {
  const { settings, context, plan, policy, run, record } = step;
  const override = settings.overrideReason ? `; through the gate on purpose: ${settings.overrideReason}` : '';
  if (settings.recordDeployment)
    await record.start(`${context.persona.id}: ${plan.strategy} of ${plan.replicas.value} × ${plan.instanceType ?? '?'}${override}`, {
      persona: context.persona.id,
      revision: context.revision,
      correlation_id: context.correlationId,
      strategy: plan.strategy,
      instance_type: plan.instanceType ?? null,
      replicas: plan.replicas.value,
      canary_steps: plan.canarySteps.value,
      region: plan.region.value,
      ...(settings.overrideReason ? { override_reason: settings.overrideReason } : {}),
    });
  const guard = rollbackGuard({
    ...(step.deployments ? { deployments: step.deployments } : {}),
    record: settings.recordDeployment,
    environment: settings.environment,
    ...(record.id === undefined ? {} : { deploymentId: record.id }),
    run,
    cooldownMs: settings.rollbackCooldownMs,
    now: () => new Date(),
    runnerTemp: runner.env.RUNNER_TEMP,
    logger: runner.logger,
  });
  const { runStageCommand } = await importBundle('commands', () => import(/* webpackIgnore: true */ '../../wiring/command-access.js'));
  const env = { ...personaEnv(context), ...plan.env };
  const outcome = await runStageCommand(
    runner,
    { command: settings.run, label: 'deploy', cwd: context.cwd, stage: 'deploy', env, guardRollback: guard.guard },
    policy,
    settings,
  );
  const target = guard.target();
  if (outcome.outcome === 'rolled-back') {
    await guard.ranRollback();
    if (target) step.facts.rollbackTarget = `${target.ref} at ${target.sha}`;
  } else if (settings.recordDeployment)
    await record.status(
      outcome.ok ? 'success' : 'failure',
      `${context.persona.id}: deploy ${outcome.outcome}${override}`.slice(0, 140),
      settings.environmentUrl,
    );
  return commandReport('deploy', outcome);
}

/** The job summary of the deploy. */
function summary(runner: ActionRunner, s: Omit<DeployStep, 'run' | 'deployments'> & { commands: CommandReport[] }): void {
  s.facts.deployment = s.record.id === undefined ? '' : `${s.record.id} (${s.record.reused ? "this job's, made by GitHub" : 'created by this step'})`;
  runner.appendSummary(
    stageMarkdown({
      action: 'adapt-deploy',
      personaId: s.context.persona.id,
      how: s.context.how,
      revision: s.context.revision,
      correlationId: s.context.correlationId,
      explanations: s.plan.explanations,
      details: deployDetails(s.plan, s.facts),
      policy: s.policy,
      commands: s.commands,
      dryRun: s.settings.dryRun,
    }),
  );
}
