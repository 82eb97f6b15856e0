import { ConfigurationError } from '../errors/configuration-error.js';

/** What a runner file command sets: the kinds of `name<<delimiter` blocks. */
export type FileCommandKind = 'output' | 'state' | 'environment variable';

/**
 * Checks a name for a runner file (`GITHUB_OUTPUT`, `GITHUB_STATE`,
 * `GITHUB_ENV`): not empty, no line break, no `=` and no `<<`, any of which
 * would make the runner read the block as another name or another form.
 * An environment variable's name may come from a user, so a bad one is a
 * {@link ConfigurationError}; a bad output or state name is a bug.
 */
export function checkName(kind: FileCommandKind, name: string): void {
  if (name && !/[\r\n=]|<</.test(name)) return;
  const message = `invalid ${kind} name ${JSON.stringify(name)}: a name must not be empty or contain "=", "<<" or a line break`;
  throw kind === 'environment variable' ? new ConfigurationError(message) : new Error(message);
}

/**
 * Checks every name of one step's writes, so a bad one refuses them all
 * before anything is written or recorded.
 */
export function checkNames(kind: FileCommandKind, names: readonly string[]): void {
  for (const name of names) checkName(kind, name);
}

/**
 * A fresh heredoc delimiter. The values are checked not to contain it, so it
 * needs no cryptographic randomness (node:crypto would cost ~3 ms of start-up).
 */
export function newDelimiter(): string {
  return `ghadelimiter_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
}

/**
 * The whole text of one file command: a `name<<delimiter` block per entry,
 * one delimiter for all of them. Names are checked, and a name or value that
 * contains the delimiter is refused before any text exists, so the caller
 * appends all of it or nothing.
 */
export function heredocBlocks(kind: FileCommandKind, values: Readonly<Record<string, string>>, delimiter: string = newDelimiter()): string {
  const entries = Object.entries(values);
  checkNames(kind, Object.keys(values));
  for (const [name, value] of entries) {
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`${kind} ${name} contains the delimiter`);
  }
  return entries.map(([name, value]) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`).join('');
}

/**
 * The values `setSecret` masks: the runner masks log output line by line, so
 * a multi-line secret is masked one line at a time (blank lines skipped:
 * masking whitespace would only garble the log).
 */
export function maskedValues(secret: string): string[] {
  return secret.split(/\r?\n/).filter((line) => line.trim() !== '');
}
