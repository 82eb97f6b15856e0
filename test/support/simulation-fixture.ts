/**
 * A simulation's folders and options for the simulator's tests: a fresh
 * root with a workspace, local artifact and cache folders, this checkout as
 * the package, a workflow_dispatch event, no network.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { githubDefaults } from '../../src/simulate/simulate-run.js';
import type { SimulationOptions } from '../../src/simulate/simulation-options.js';

/** A fresh root folder (`prefix` names it) and simulation options inside it; `overrides` replace any option. */
export function simulationFixture(prefix: string, overrides: Partial<SimulationOptions> = {}): { root: string; options: SimulationOptions } {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const workspace = path.join(root, 'ws');
  mkdirSync(workspace);
  const event = { name: 'workflow_dispatch', payload: { inputs: {} } };
  const options: SimulationOptions = {
    packageRoot: process.cwd(),
    localRepositories: ['pipeline-personas/pipeline-personas'],
    workspace,
    tempRoot: path.join(root, 'temp'),
    artifactsDir: path.join(root, 'artifacts'),
    cacheDir: path.join(root, 'cache'),
    event,
    vars: {},
    secrets: {},
    github: githubDefaults({ workspace, event }),
    node: process.execPath,
    apiUrl: 'http://127.0.0.1:9',
    stepTimeoutMs: 10_000,
    onEvent: () => undefined,
    ...overrides,
  };
  return { root, options };
}
