/**
 * Runs one simulated step's process (an action's node bundle, or a `run:`
 * script through bash) with exactly the environment given, reading its
 * stdout line by line as the runner does (workflow commands, masks), and
 * ending its process group when the step's time is up.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WorkflowCommandReader, type Annotation, type CommandLine } from './workflow-commands.js';

/** What to run. */
export interface StepProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The step's `timeout-minutes`, in ms. */
  timeoutMs: number;
  /** Each stdout/stderr line as read (after command handling), for the trace. */
  onLine?: (line: CommandLine, stream: 'stdout' | 'stderr') => void;
}

/** How the process ended and what it said. */
export interface StepProcessResult {
  code: number | null;
  timedOut: boolean;
  annotations: Annotation[];
  masks: Set<string>;
  /** `::set-output` values (deprecated, still honoured). */
  outputs: Record<string, string>;
  /** The log (text lines), for the event log and tests. */
  log: string[];
}

/** Runs `spec` and resolves when the process has ended. */
export function runStepProcess(spec: StepProcessSpec): Promise<StepProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const result: StepProcessResult = { code: null, timedOut: false, annotations: [], masks: new Set(), outputs: {}, log: [] };
    const reader = new WorkflowCommandReader();
    const handle = (line: CommandLine, stream: 'stdout' | 'stderr') => {
      if (line.kind === 'annotation') result.annotations.push(line.annotation);
      else if (line.kind === 'mask') result.masks.add(line.value);
      else if (line.kind === 'output') result.outputs[line.name] = line.value;
      else if (line.kind === 'text') result.log.push(line.text);
      spec.onLine?.(line, stream);
    };
    createInterface({ input: child.stdout }).on('line', (text) => handle(reader.read(text), 'stdout'));
    createInterface({ input: child.stderr }).on('line', (text) => handle({ kind: 'text', text }, 'stderr'));
    const timer = setTimeout(() => {
      result.timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, spec.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      result.code = code;
      resolve(result);
    });
  });
}
