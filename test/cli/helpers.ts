import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `persona ...argv` in-process in `cwd`, capturing its output. */
export async function persona(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

const dirs: string[] = [];

/** A fresh temporary directory holding `files` (path → content); removed by {@link cleanup}. */
export async function workspace(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'persona-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Removes every directory {@link workspace} made. */
export async function cleanup(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Two valid personas, the second extending the first. */
export const TEAM_FILE = `personas:
  - name: Team Base
    id: team-base
    description: What every team pipeline shares.
    risk_tolerance: low
    constraints:
      - { parameter: replicas, operator: ">=", value: 2 }
    optimization_goals:
      - { metric: reliability, weight: 0.8 }
    monitoring_thresholds:
      - { metric: error_rate, operator: ">", value: 0.02, window: 5m, severity: critical, action: rollback }
  - name: Team Fast
    id: team-fast
    extends: team-base
    risk_tolerance: high
    optimization_goals:
      - { metric: velocity, weight: 0.9 }
`;

/** Two personas whose constraints on replicas cannot both hold. */
export const CLASH_FILE = `personas:
  - name: Cheap
    constraints:
      - { parameter: replicas, operator: "<=", value: 3 }
    optimization_goals:
      - { metric: cost, weight: 1 }
  - name: Fast
    constraints:
      - { parameter: replicas, operator: ">=", value: 4 }
    optimization_goals:
      - { metric: latency, weight: 1 }
`;

/** A persona file with three schema errors, at lines 2, 4 and 7. */
export const BAD_FILE = `name: Bad
risk_tolerance: extreme
constraints:
  - { parameter: replicas, operator: "<<", value: 3 }
optimization_goals:
  - metric: cost
    weight: 2
`;
