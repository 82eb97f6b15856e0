/**
 * `persona simulate`: the shipped pipeline workflow run on this machine with
 * no network and no GitHub. A fresh workspace holds a `file:` state store
 * and a metrics replay; the initial persona is applied to the store by
 * resolve-persona in switch mode (a `workflow_dispatch`, so the run resolves
 * it from the state with a correlation id); the Deployments API is a local
 * stand-in; then the workflow runs, and midway through watch-monitor a
 * `repository_dispatch` switch request is processed by resolve-persona in
 * switch mode, which the watch adopts at its next check.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createDemoWorkspace } from './demo-workspace.js';
import { DeploymentsStandIn } from './deployments-stand-in.js';
import type { Json } from './expressions.js';
import { createJobState, type EventSink } from './job-state.js';
import { githubDefaults, simulateRun, type SimulatedRun } from './simulate-run.js';
import type { SimulationOptions } from './simulation-options.js';
import { runStep } from './step-runner.js';
import type { CommandLine } from './workflow-commands.js';
import { readWorkflow } from './workflow-file.js';

/** What `persona simulate` was asked. */
export interface SimulateSettings {
  packageRoot: string;
  workflowFile: string;
  /** The persona active when the run starts (applied to the store by a switch). */
  persona: string;
  /** The persona a `repository_dispatch` switches to midway through the watch; '' for none. */
  switchTo: string;
  /** The watch check after which the switch arrives. */
  switchAfterCheck: number;
  /** A JSON-lines replay instead of the demo's. */
  metricsFile?: string;
  interval: string;
  duration: string;
  /** The node binary for the actions (this process's by default). */
  node: string;
  /** Where the workspace and runner folders go. */
  tempRoot: string;
  onEvent: EventSink;
  onLine: (where: { job: string; step: string }, line: CommandLine) => void;
}

/** The finished simulation. */
export interface Simulation {
  run: SimulatedRun;
  workspace: string;
  stateFile: string;
}

/** The `inputs` context of a workflow_dispatch run: every input's default. */
function dispatchInputs(template: Awaited<ReturnType<typeof readWorkflow>>['template']): Record<string, Json> {
  const inputs = template.events.workflow_dispatch?.inputs ?? {};
  return Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => [name, spec.default === undefined ? (spec.type === 'boolean' ? false : '') : (spec.default as Json)]),
  );
}

/** Runs the simulation; the workflow's own problems are ConfigurationErrors. */
export async function simulate(settings: SimulateSettings): Promise<Simulation> {
  const display = path.relative(process.cwd(), settings.workflowFile) || settings.workflowFile;
  let content: string;
  try {
    content = readFileSync(settings.workflowFile, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`--workflow ${JSON.stringify(display)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const workflow = await readWorkflow(display, content);
  mkdirSync(settings.tempRoot, { recursive: true });
  const demo = createDemoWorkspace({ root: settings.tempRoot, metricsFile: settings.metricsFile, interval: settings.interval, duration: settings.duration });
  const github = githubDefaults({ workspace: demo.workspace, event: { name: 'workflow_dispatch', payload: {} } }, { repository: 'acme/shop' });
  const stand = new DeploymentsStandIn(github.repository!, github.sha!, (change) => {
    const payload = change.deployment.payload as { correlation_id?: string; persona?: string } | null;
    const text =
      change.kind === 'deployment'
        ? `#${change.deployment.id} created for ${change.deployment.environment}: payload persona ${payload?.persona ?? '–'}, correlation_id ${payload?.correlation_id ?? '–'}`
        : `#${change.deployment.id} status ${change.state}`;
    settings.onEvent({ type: 'deployment', job: 'deploy', text });
  });
  const earlier = new Date(Date.now() - 3 * 3600_000).toISOString();
  stand.seed({
    sha: 'a'.repeat(40),
    ref: 'v1.4.2',
    environment: 'production',
    task: 'deploy',
    payload: {},
    description: 'the release before this one',
    created_at: earlier,
    states: [{ state: 'success', at: earlier }],
  });
  const apiUrl = await stand.start();
  const inputs = dispatchInputs(workflow.template);
  const options: SimulationOptions = {
    packageRoot: settings.packageRoot,
    localRepositories: ['pipeline-personas/pipeline-personas'],
    workspace: demo.workspace,
    tempRoot: path.join(settings.tempRoot, 'runner'),
    artifactsDir: path.join(settings.tempRoot, 'artifacts'),
    cacheDir: path.join(settings.tempRoot, 'cache'),
    event: { name: 'workflow_dispatch', payload: { inputs, ref: github.ref!, repository: { full_name: github.repository!, default_branch: 'main' } } },
    vars: demo.vars,
    secrets: {},
    github,
    node: settings.node,
    apiUrl,
    stepTimeoutMs: 10 * 60_000,
    onEvent: settings.onEvent,
  };
  try {
    await switchRun(
      options,
      'workflow_dispatch',
      { inputs: { persona: settings.persona, reason: 'the persona this simulation starts with', 'correlation-id': 'sim-start' } },
      'setup',
    );
    const pending: Array<Promise<void>> = [];
    let switched = false;
    options.onLine = (where, line) => {
      settings.onLine(where, line);
      if (line.kind === 'text') settings.onEvent({ type: 'log', job: where.job, step: where.step, text: line.text, stream: 'stdout' });
      const check = line.kind === 'text' ? /^\[(\d+)\/\d+\]/.exec(line.text) : null;
      if (!switched && settings.switchTo && where.uses?.includes('watch-monitor') && check && Number(check[1]) >= settings.switchAfterCheck) {
        switched = true;
        const payload = {
          action: 'persona-switch',
          client_payload: { persona: settings.switchTo, reason: 'simulated incident: an external system asks for stability', correlation_id: 'sim-incident-1' },
        };
        pending.push(switchRun(options, 'repository_dispatch', payload, 'watch'));
      }
    };
    const run = await simulateRun(workflow, options, inputs);
    await Promise.all(pending);
    return { run, workspace: demo.workspace, stateFile: demo.stateFile };
  } finally {
    await stand.stop();
  }
}

/** resolve-persona in switch mode for one event, against the run's state store; reports the outcome as a `switch` event. */
async function switchRun(options: SimulationOptions, eventName: string, payload: Record<string, Json>, during: string): Promise<void> {
  const switchOptions: SimulationOptions = { ...options, event: { name: eventName, payload }, github: { ...options.github }, onLine: undefined };
  const eventDir = path.join(options.tempRoot, `switch-${eventName}-${Date.now()}`);
  mkdirSync(eventDir, { recursive: true });
  const eventPath = path.join(eventDir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  switchOptions.github.event_path = eventPath;
  const job = createJobState({
    label: `switch (${eventName})`,
    jobId: 'switch',
    workspace: options.workspace,
    runnerTemp: eventDir,
    contexts: {
      github: { ...switchOptions.github, event: payload },
      vars: options.vars,
      secrets: { GITHUB_TOKEN: options.github.token! },
      inputs: {},
      needs: {},
      matrix: {},
      env: {},
    },
  });
  const result = await runStep(
    job,
    {
      id: 'switch',
      name: 'resolve-persona (mode: switch)',
      uses: 'pipeline-personas/pipeline-personas@v0.1',
      with: { mode: 'switch', state: options.vars.PERSONA_STATE!, artifact: 'false', cache: 'false' },
      env: {},
    },
    switchOptions,
  );
  const o = result.outputs;
  const requested =
    (payload.client_payload as Record<string, string> | undefined)?.persona ?? (payload.inputs as Record<string, string> | undefined)?.persona ?? '';
  options.onEvent({
    type: 'switch',
    job: during,
    ...(o.previous ? { from: o.previous } : {}),
    to: o.id || requested,
    correlation_id: o['correlation-id'] ?? '',
    ...(o.revision ? { revision: o.revision } : {}),
    result: result.outcome === 'success' ? (o.result ?? 'applied') : `failed: ${job.annotations.map((a) => a.annotation.message).join('; ') || 'see the log'}`,
  });
  for (const { step, markdown } of job.summaries) options.onEvent({ type: 'summary', job: job.label, step, markdown });
}
