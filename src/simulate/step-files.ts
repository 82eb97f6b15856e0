/**
 * The runner's files for one simulated step (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY), created empty before the
 * step and read back after it as the runner reads them: `name=value` lines
 * and `name<<DELIMITER` blocks, where the value is everything up to a line
 * that is exactly the delimiter.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The files of one step. */
export interface StepFiles {
  dir: string;
  output: string;
  env: string;
  path: string;
  state: string;
  summary: string;
}

/** What a step wrote to its files. */
export interface StepWrites {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

/** Fresh empty files for one step, in a new folder of `runnerTemp`. */
export function createStepFiles(runnerTemp: string): StepFiles {
  const dir = mkdtempSync(path.join(runnerTemp, '_runner_file_commands-'));
  const file = (name: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, '');
    return p;
  };
  return { dir, output: file('set_output'), env: file('set_env'), path: file('add_path'), state: file('save_state'), summary: file('step_summary') };
}

/** The environment variables that point a step at its files. */
export function stepFileEnv(files: StepFiles): Record<string, string> {
  return { GITHUB_OUTPUT: files.output, GITHUB_ENV: files.env, GITHUB_PATH: files.path, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary };
}

/** Parses a key-value command file (`name=value` and `name<<DELIMITER` blocks). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line) continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || heredoc[1]!.length < eq)) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i]!.replace(/\r$/, '') !== delimiter) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** Reads back what the step wrote. */
export function readStepFiles(files: StepFiles): StepWrites {
  const read = (p: string) => readFileSync(p, 'utf8');
  return {
    outputs: parseCommandFile(read(files.output)),
    env: parseCommandFile(read(files.env)),
    path: read(files.path)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    state: parseCommandFile(read(files.state)),
    summary: read(files.summary),
  };
}
