import { formatDiagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Logger } from '../logging/logger.js';
import type { CliStream } from './context.js';

/**
 * The CLI's {@link Logger}: notices, warnings and errors go to stderr as
 * `warning: file:line:col path: message`, so stdout stays clean for `--json`;
 * info and debug only when `debug` is set (`PERSONA_DEBUG=1`).
 */
export class CliLogger implements Logger {
  constructor(
    private readonly stderr: CliStream,
    private readonly verbose = false,
  ) {}

  private write(level: string, message: string, where?: Omit<Diagnostic, 'message'>): void {
    this.stderr.write(`${level}: ${formatDiagnostic({ ...where, message })}\n`);
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
