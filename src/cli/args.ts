import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CONFLICT_POLICIES, type ConflictPolicy } from '../blend/blend-constraints.js';
import { closest } from '../persona/closest.js';

/** Bad command-line usage: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The usage text of the command that was misused. */
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True for a {@link UsageError}. */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}

/** `-h, --help`, which every command takes. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** `-l, --library PATH`, repeatable. */
export const LIBRARY_OPTION = { library: { type: 'string', short: 'l', multiple: true } } as const;

/** `--json`. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const;

/** `--on-conflict strict|weighted`. */
export const ON_CONFLICT_OPTION = { 'on-conflict': { type: 'string' } } as const;

/** First sentence of a `parseArgs` error, lower-cased: `unknown option '--x'`. */
function usageMessage(error: Error, known: readonly string[]): string {
  const first = error.message.split(/\.\s/)[0]!.replace(/\.$/, '');
  let message = first.charAt(0).toLowerCase() + first.slice(1);
  const unknown = /^unknown option '(--?[^']+)'/.exec(message)?.[1];
  if (unknown?.startsWith('--')) {
    const near = closest(unknown.slice(2), known);
    if (near.length) message += ` (did you mean --${near[0]}?)`;
  }
  return message;
}

/**
 * `parseArgs` (strict unless `config` says otherwise, which no command does),
 * its errors turned into {@link UsageError}s
 * carrying `usage`.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(usageMessage(error as Error, Object.keys(config.options ?? {})), usage);
    throw error;
  }
}

/** Checks `--on-conflict`; `strict` when absent. */
export function onConflict(value: string | undefined, usage: string): ConflictPolicy {
  if (value === undefined) return 'strict';
  if ((CONFLICT_POLICIES as readonly string[]).includes(value)) return value as ConflictPolicy;
  throw new UsageError(`--on-conflict must be ${CONFLICT_POLICIES.join(' or ')}, got "${value}"`, usage);
}

/** Exactly one positional per name; a missing one is named in the error. */
export function expectPositionals(positionals: readonly string[], names: readonly string[], usage: string): string[] {
  if (positionals.length < names.length) throw new UsageError(`missing argument ${names[positionals.length]}`, usage);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`, usage);
  return [...positionals];
}
