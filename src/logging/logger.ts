import type { Diagnostic } from '../errors/diagnostic.js';

/**
 * Where library code reports what it does. Passed in, never imported from
 * `@actions/core`, so the domain stays testable and the CLI can print plainly.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  notice(message: string, where?: Omit<Diagnostic, 'message'>): void;
  warning(message: string, where?: Omit<Diagnostic, 'message'>): void;
  error(message: string, where?: Omit<Diagnostic, 'message'>): void;
}

/** A logger that drops everything. */
export const noopLogger: Logger = {
  debug() {},
  info() {},
  notice() {},
  warning() {},
  error() {},
};

/** One recorded log call of a {@link MemoryLogger}. */
export interface LogEntry {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error';
  message: string;
  where?: Omit<Diagnostic, 'message'>;
}

/** A logger that keeps what it is told; the test fake for {@link Logger}. */
export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(message: string): void {
    this.entries.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.entries.push({ level: 'info', message });
  }
  notice(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.entries.push({ level: 'notice', message, where });
  }
  warning(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.entries.push({ level: 'warning', message, where });
  }
  error(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.entries.push({ level: 'error', message, where });
  }
  /** Messages logged at one level. */
  messages(level: LogEntry['level']): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.message);
  }
}
