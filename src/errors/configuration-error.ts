import { type Diagnostic, formatDiagnostic } from './diagnostic.js';

/**
 * An error caused by the user (a bad persona file, input or payload), as
 * opposed to a bug. Entry points report it as annotations, exit 1, and never
 * print its stack trace.
 */
export class ConfigurationError extends Error {
  /** Every problem found, each located where possible. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic | string | readonly Diagnostic[]) {
    const list: Diagnostic[] =
      typeof diagnostics === 'string'
        ? [{ message: diagnostics }]
        : Array.isArray(diagnostics)
          ? [...(diagnostics as readonly Diagnostic[])]
          : [diagnostics as Diagnostic];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'ConfigurationError';
    this.diagnostics = list;
  }
}

/**
 * True for user errors, including ones that crossed a module boundary (a
 * shared bundle has its own copy of the class) and subclasses with a name
 * of their own (`StateUnreachableError`): an Error carrying `diagnostics`.
 */
export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError || (error instanceof Error && Array.isArray((error as { diagnostics?: unknown }).diagnostics));
}
