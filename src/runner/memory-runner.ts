import { MemoryLogger } from '../logging/logger.js';
import { inputVariable, type ActionRunner } from './action-runner.js';

/** An in-memory {@link ActionRunner}: the test fake. */
export class MemoryRunner implements ActionRunner {
  readonly logger = new MemoryLogger();
  readonly outputs: Record<string, string> = {};
  readonly files: Record<string, string> = {};
  summary = '';
  readonly debug = false;
  readonly env: Record<string, string | undefined>;

  constructor(inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}) {
    this.env = { ...env, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])) };
  }
  input(name: string): string {
    return (this.env[inputVariable(name)] ?? '').trim();
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  appendSummary(markdown: string): void {
    this.summary += markdown;
  }
  writeTempFile(relativePath: string, content: string): string {
    this.files[relativePath] = content;
    return `/memory/${relativePath}`;
  }
}
