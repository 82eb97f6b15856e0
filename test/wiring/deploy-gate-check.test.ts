/** The deploy gates at the edge: counting the environment's deployments, and settling the findings (report, warn, block, override). */
import { InMemoryDeployments } from '../../src/deployments/in-memory-deployments.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { GateFinding } from '../../src/planning/deploy-gates.js';
import { frequencyFindings, settleGates, type FrequencyQuery } from '../../src/wiring/deploy-gate-check.js';
import { rule } from '../planning/fixtures.js';
import { configurationErrorOf } from '../support/configuration-error.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const AT_MOST_TWO = [rule('deployment_frequency', '<=', 2, 'stability')];
const AT_LEAST_TEN = [rule('deployment_frequency', '>=', 10, 'high-velocity')];

/** Production deployments created `hours` ago (and one of staging, never counted). */
function deploymentsAt(...hours: number[]) {
  const deployments = new InMemoryDeployments({ now: () => NOW });
  const ids = hours.map((h) => deployments.seed({ environment: 'production', sha: 'a'.repeat(40), ref: 'main', createdAt: hoursAgo(h) }));
  deployments.seed({ environment: 'staging', sha: 'a'.repeat(40), ref: 'main', createdAt: hoursAgo(1) });
  return { deployments, ids };
}

const query = (over: Partial<FrequencyQuery>): FrequencyQuery => ({
  environment: 'production',
  constraints: AT_MOST_TWO,
  treatment: 'fail',
  now: NOW,
  logger: new MemoryLogger(),
  ...over,
});
const actions = (findings: GateFinding[]) => findings.map((f) => f.action);

describe('frequencyFindings', () => {
  it('counts the environment’s deployments of the last 24 hours only', async () => {
    expect(await frequencyFindings(query({ deployments: deploymentsAt(1, 25, 48).deployments }))).toEqual([]);
    const blocked = await frequencyFindings(query({ deployments: deploymentsAt(1, 23.5, 25).deployments }));
    expect(actions(blocked)).toEqual(['block']);
    expect(blocked[0]!.from).toEqual(['stability']);
    expect(blocked[0]!.message).toContain('2 deployments in the last 24 h');
  });

  it('does not count the run’s own deployment twice', async () => {
    const { deployments, ids } = deploymentsAt(0.1, 3);
    expect(actions(await frequencyFindings(query({ deployments })))).toEqual(['block']);
    expect(await frequencyFindings(query({ deployments, excludeId: ids[0] }))).toEqual([]);
  });

  it('warns instead of blocking under `violations: warn`', async () => {
    expect(actions(await frequencyFindings(query({ deployments: deploymentsAt(1, 2).deployments, treatment: 'warn' })))).toEqual(['warn']);
  });

  it('reports a lower bound, never blocking', async () => {
    const findings = await frequencyFindings(query({ deployments: deploymentsAt(1, 2).deployments, constraints: AT_LEAST_TEN }));
    expect(actions(findings)).toEqual(['report']);
    expect(findings[0]!.message).toMatch(/not met/);
  });

  it('a count that fails blocks under fail when there is an upper bound, and warns otherwise, naming the environment', async () => {
    const failing = () => {
      const { deployments } = deploymentsAt(1);
      deployments.failures.countSince = new Error('HTTP 502');
      return deployments;
    };
    const blocked = await frequencyFindings(query({ deployments: failing() }));
    expect(blocked.map((f) => [f.gate, f.action, f.from])).toEqual([['frequency', 'block', ['stability']]]);
    expect(blocked[0]!.message).toMatch(/cannot count the deployments of environment "production": HTTP 502, so 2 a day cannot be shown to hold/);
    expect(actions(await frequencyFindings(query({ deployments: failing(), treatment: 'warn' })))).toEqual(['warn']);
    expect(actions(await frequencyFindings(query({ deployments: failing(), constraints: AT_LEAST_TEN })))).toEqual(['warn']);
  });

  it('without deployments to count, warns that the bound is not checked', async () => {
    const findings = await frequencyFindings(query({ environment: '' }));
    expect(findings.map((f) => [f.gate, f.action, f.from])).toEqual([['frequency', 'warn', ['stability']]]);
    expect(findings[0]!.message).toMatch(/environment/);
    expect(findings[0]!.constraints).toEqual([{ parameter: 'deployment_frequency', operator: '<=', value: 2 }]);
  });

  it('finds nothing without a frequency bound, or with only a closing one, and then does not ask', async () => {
    const { deployments } = deploymentsAt(1, 2, 3);
    deployments.failures.countSince = new Error('must not be asked');
    expect(await frequencyFindings(query({ deployments, constraints: [rule('replicas', '>=', 2)] }))).toEqual([]);
    expect(await frequencyFindings(query({ deployments, constraints: [rule('deployment_frequency', '<=', 0, 'freeze')] }))).toEqual([]);
  });
});

describe('settleGates', () => {
  const finding = (action: GateFinding['action'], from: string[], message: string, gate: GateFinding['gate'] = 'frequency'): GateFinding => ({
    gate,
    action,
    from,
    constraints: [],
    message,
  });
  const thrown = configurationErrorOf;

  it('logs a report, warns a warning, and stays open', () => {
    const logger = new MemoryLogger();
    const state = settleGates(
      logger,
      [finding('report', ['hv'], 'target met'), finding('warn', ['cost'], 'window closed', 'window')],
      '',
      'the input "persona"',
    );
    expect(state).toBe('open');
    expect(logger.messages('info')).toEqual([expect.stringContaining('target met')]);
    expect(logger.messages('warning')).toEqual([expect.stringMatching(/^deploy gate \(window\): window closed/)]);
    expect(settleGates(new MemoryLogger(), [], '', 'x')).toBe('open');
  });

  it('blocks with one error naming each persona, where the persona came from and the override-reason input', () => {
    const blocks = [
      finding('block', ['freeze'], 'persona "freeze" closes deployments', 'freeze'),
      finding('block', ['stability'], 'persona "stability": 3 a day'),
    ];
    const error = thrown(() => settleGates(new MemoryLogger(), [finding('report', ['hv'], 'fine'), ...blocks], '', 'the switch of run 17 by @octocat'));
    expect(error.diagnostics).toHaveLength(3);
    expect(error.message).toContain('deploy blocked (freeze): persona "freeze" closes deployments');
    expect(error.message).toContain('deploy blocked (frequency): persona "stability"');
    expect(error.message).toContain('the switch of run 17 by @octocat');
    expect(error.message).toContain('override-reason');
    expect(error.message).not.toContain('fine');
  });

  it('an override lets every block through as a warning carrying the reason', () => {
    const logger = new MemoryLogger();
    const blocks = [finding('block', ['freeze'], 'persona "freeze" closes deployments', 'freeze'), finding('block', ['ops'], 'blackout on', 'window')];
    expect(settleGates(logger, blocks, 'hotfix for INC-42', 'the input "persona"')).toBe('overridden');
    const warnings = logger.messages('warning');
    expect(warnings).toHaveLength(2);
    for (const w of warnings) expect(w).toMatch(/overridden on purpose.*override-reason: "hotfix for INC-42"/);
    expect(warnings[0]).toContain('"freeze"');
  });
});
