/**
 * Checks of what a bundled action left in the runner's channels after a run
 * fed with hostile values (test/hostile/injection.test.ts, secrets.test.ts,
 * faults.test.ts): the GITHUB_OUTPUT / GITHUB_ENV files read strictly (a
 * line that belongs to no block is a forged one), stdout read as the runner
 * reads it (workflow commands at a line start, v1 `##[` commands anywhere,
 * nothing inside the action's own `::stop-commands::` blocks), and files an
 * injected `touch` would have created.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Outputs as BuildOutputs } from '../../src/actions/adapt-build/constants.js';
import { Outputs as DeployOutputs } from '../../src/actions/adapt-deploy/constants.js';
import { Outputs as TestOutputs } from '../../src/actions/adapt-test/constants.js';
import { Outputs as LoadOutputs } from '../../src/actions/load-persona/constants.js';
import { Outputs as WatchOutputs } from '../../src/actions/watch-monitor/constants.js';
import { PersonaOutputs } from '../../src/handover/persona-outputs.js';
import { listFiles, maskedValuesIn } from './runner-files.js';
import type { DistRun } from './run-dist.js';

/** The file an injected command creates; every injection payload touches it (relative to the step's cwd, or `$CANARY/`). */
export const PWNED = 'PWNED';

/**
 * One hostile value per trick: shell syntax (`$( )`, backticks, `;`, `&&`), a line break followed by a workflow
 * command (set-output, add-mask, stop-commands, warning), a v1 `##[` command, GITHUB_OUTPUT delimiter lines and
 * GITHUB_ENV assignments. Every shell payload touches {@link PWNED} in the working folder.
 */
export const TRICKS = {
  backticks: 'deploy `touch PWNED`',
  subshell: 'deploy $(touch PWNED)',
  semicolon: 'deploy; touch PWNED',
  and: 'deploy && touch PWNED',
  setOutput: 'x\n::set-output name=pwn::1',
  addMask: 'x\n::add-mask::balanced',
  stop: 'x\n::stop-commands::tok\n::error::forged',
  warning: 'x\n::warning::forged',
  v1: 'x ##[set-output name=pwn;]1',
  delimiter: 'x\nghadelimiter_00000000\npwn<<EOF\n1\nEOF',
  env: 'x\nNODE_OPTIONS=--require ./PWNED.js\nBASH_ENV=./PWNED.sh',
} as const;

/** Every trick of {@link TRICKS} in one value, one per line. */
export const ALL_TRICKS = Object.values(TRICKS).join('\n');

/** Every output each bundle sets on success (resolve-persona in `mode: resolve`; load-persona: its reader). */
export const ACTION_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'resolve-persona': Object.values(PersonaOutputs),
  'adapt-build': Object.values(BuildOutputs),
  'adapt-test': Object.values(TestOutputs),
  'adapt-deploy': Object.values(DeployOutputs),
  'watch-monitor': Object.values(WatchOutputs),
  'load-persona': Object.values(LoadOutputs),
};

/** A stack trace line, which a user error never shows. */
export const STACK_LINE = /^\s+at .+/m;

/**
 * The blocks of a runner file (`name<<DELIMITER` … `DELIMITER`, or `name=value`), names in order with repeats.
 * @throws Error naming the first line that belongs to no block (a forged output or variable) or an unclosed block.
 */
export function strictBlockNames(text: string): string[] {
  const names: string[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([A-Za-z_][A-Za-z0-9_-]*)<<(\S+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unclosed block ${JSON.stringify(line)}`);
      names.push(heredoc[1]!);
      i = end;
      continue;
    }
    const plain = /^([A-Za-z_][A-Za-z0-9_-]*)=/.exec(line);
    if (!plain) throw new Error(`a line outside every block: ${JSON.stringify(line)}`);
    names.push(plain[1]!);
  }
  return names;
}

/** Commands an action may legitimately print; `add-mask` only where a test allows it. */
const PLAIN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup']);

/**
 * The stdout lines the runner would take as workflow commands the action did not intend: a `::name` line
 * (leading blanks trimmed) whose command is not an annotation, debug, group or (when `masks` lists its value)
 * add-mask, and any other line holding a v1 `##[` command, outside the action's own stop-commands blocks. A stop-commands token
 * shorter than 16 characters or found in `injected` is an injected one, reported with what follows it.
 */
export function unintendedCommands(stdout: string, options: { masks?: readonly string[]; injected?: readonly string[] } = {}): string[] {
  const found: string[] = [];
  const lines = stdout.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const stop = /^::stop-commands::(.*)$/.exec(line);
    if (stop) {
      const token = stop[1]!;
      const end = lines.findIndex((l, k) => k > i && l.trim() === `::${token}::`);
      if (token.length < 16 || (options.injected ?? []).some((v) => v.includes(token)) || end < 0) found.push(line);
      else i = end;
      continue;
    }
    const command = /^::([A-Za-z-]+)[ :]/.exec(line)?.[1];
    // A line the runner reads as a v2 command is not read as a v1 one; any other line is, wherever its `##[` is.
    if (command === undefined) {
      if (line.includes('##[')) found.push(line);
    } else if (!PLAIN_COMMANDS.has(command) && !(command === 'add-mask' && (options.masks ?? []).includes(line.slice('::add-mask::'.length)))) {
      found.push(line);
    }
  }
  return found;
}

/** Paths of {@link PWNED} files under each folder (recursively), none when absent. */
export function pwnedFiles(folders: readonly string[]): string[] {
  return folders.flatMap((folder) => (existsSync(folder) ? listFiles(folder).filter((f) => path.basename(f) === PWNED) : []).map((f) => path.join(folder, f)));
}

/** What {@link expectNoInjection} holds a run to. */
export interface InjectionExpectations {
  /** Folders where an executed payload would have left its file (the workspace, RUNNER_TEMP, a canary folder). */
  folders: readonly string[];
  /** Exactly these output names, in any order (none for a refused run). */
  outputs: readonly string[];
  /** The hostile values fed in (a stop-commands token found in them is an injected one). */
  injected?: readonly string[];
  /** Variables the step may export to GITHUB_ENV (default none). */
  exports?: readonly string[];
  /** Values the step may mask. */
  masks?: readonly string[];
}

/**
 * Fails unless nothing was executed or forged: no {@link PWNED} file, GITHUB_OUTPUT holding exactly the expected
 * names (each once, every line in a block), GITHUB_ENV and GITHUB_STATE holding only allowed names and no
 * `--require`/`BASH_ENV` trick, and no unintended workflow command on stdout or stderr.
 */
export function expectNoInjection(run: DistRun, expected: InjectionExpectations): void {
  expect(pwnedFiles(expected.folders)).toEqual([]);
  const outputs = strictBlockNames(run.outputFile);
  expect([...outputs].sort()).toEqual([...expected.outputs].sort());
  const exported = Object.keys(run.exported);
  expect(exported.filter((name) => !(expected.exports ?? []).includes(name))).toEqual([]);
  expect(Object.values(run.exported).filter((v) => /--require|--import|PWNED/.test(v))).toEqual([]);
  const options = { masks: expected.masks ?? [], injected: expected.injected ?? [] };
  expect(unintendedCommands(run.stdout, options)).toEqual([]);
  expect(unintendedCommands(run.stderr, options)).toEqual([]);
}

/**
 * Fails unless the run was refused cleanly: exit 1, exactly one error annotation matching `message`, no stack
 * trace on stdout or stderr, and no output written.
 */
export function expectRefused(run: DistRun, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([expect.stringMatching(message)]);
  expect(run.stdout).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.outputFile).toBe('');
}

/**
 * The log lines that show `secret` where the runner would not hide it: a stdout line before the step masked the
 * secret (`::add-mask::<secret>`; mask lines are never shown), or any stderr line when stdout never masked it.
 */
function unmaskedLines(stdout: string, stderr: string, secret: string): string[] {
  const lines = stdout.split('\n');
  const maskedAt = lines.indexOf(`::add-mask::${secret}`);
  const shows = (l: string) => l.includes(secret) && !l.startsWith('::add-mask::');
  const early = (maskedAt < 0 ? lines : lines.slice(0, maskedAt)).filter(shows);
  return maskedAt < 0 ? [...early, ...stderr.split('\n').filter(shows)] : early;
}

/**
 * Where each secret shows in what a run left, as `secret@place`; none when nothing leaked. stdout and stderr count
 * as the runner shows them: a secret the step masked (`::add-mask::`) before printing it is hidden (unless a later
 * check refuses that); GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, the summary and every file under RUNNER_TEMP must
 * not hold it at all.
 */
export function secretLeaks(run: DistRun, secrets: readonly string[]): string[] {
  const places: Record<string, string> = {
    GITHUB_OUTPUT: run.outputFile,
    GITHUB_ENV: JSON.stringify(run.exported),
    GITHUB_STATE: JSON.stringify(run.saved),
    summary: run.summary,
  };
  for (const file of listFiles(run.runnerTemp)) places[`RUNNER_TEMP/${file}`] = readFileSync(path.join(run.runnerTemp, file), 'latin1');
  return secrets.flatMap((secret) => [
    ...(unmaskedLines(run.stdout, run.stderr, secret).length ? [`${secret}@log`] : []),
    ...Object.entries(places).flatMap(([place, text]) => (text.includes(secret) ? [`${secret}@${place}`] : [])),
  ]);
}

/** The values the run masked with `::add-mask::`, in order. */
export const maskedIn = (run: DistRun): string[] => maskedValuesIn(run.stdout.split('\n'));
