import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Logger } from '../logging/logger.js';
import { terminalText } from '../report/terminal-text.js';
import type { CliStream } from './context.js';

/**
 * The CLI's {@link Logger}: notices, warnings and errors go to stderr as
 * `warning: file:line:col path: message`, so stdout stays clean for `--json`;
 * info and debug only when `debug` is set (`PERSONA_DEBUG=1`). Every line
 * goes through {@link terminalText}: a message quoting a persona's value
 * cannot send escape sequences to the terminal.
 */
export class CliLogger implements Logger {
  constructor(
    private readonly stderr: CliStream,
    private readonly verbose = false,
  ) {}

  private write(level: string, message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.stderr.write(`${terminalText(`${level}: ${formatDiagnostic({ ...where, message })}`)}\n`);
  }

  debug(message: string): void {
    if (this.verbose) this.write('debug', message);
  }
  info(message: string): void {
    if (this.verbose) this.write('info', message);
  }
  notice(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.write('notice', message, where);
  }
  warning(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.write('warning', message, where);
  }
  error(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.write('error', message, where);
  }
}

/** How serious a reported diagnostic is; also the GitHub annotation command. */
export type Severity = 'error' | 'warning' | 'notice';

/** A diagnostic with its severity, as `persona validate` reports it. */
export interface ReportedDiagnostic extends Diagnostic {
  severity: Severity;
}

/**
 * A {@link Logger} that keeps notices, warnings and errors (for a report
 * printed at the end, e.g. `validate --json`) and passes debug and info on
 * to `inner`.
 */
export class CollectingLogger implements Logger {
  /** What was logged at notice, warning or error level, in order. */
  readonly collected: ReportedDiagnostic[] = [];

  constructor(private readonly inner: Logger) {}

  private keep(severity: Severity, message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.collected.push({ ...where, message, severity });
  }

  debug(message: string): void {
    this.inner.debug(message);
  }
  info(message: string): void {
    this.inner.info(message);
  }
  notice(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.keep('notice', message, where);
  }
  warning(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.keep('warning', message, where);
  }
  error(message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.keep('error', message, where);
  }
}
