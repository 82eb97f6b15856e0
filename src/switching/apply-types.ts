/**
 * The types of applying switch requests to the state: the state document as
 * the state machine produces it, the context of one request, its result, and
 * the error for a request the state refuses. Pure.
 */
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Ack, ActiveSwitch, HistoryEntry, PersonaState, ScopeState } from './persona-state.js';

/**
 * The state document, with the global `active` optional: a document whose
 * only switch is in an environment, or whose only record is a rejection, has
 * no global persona. Identical to {@link PersonaState} once that type makes
 * `active` optional (every PersonaState is already a StateDocument).
 */
export type StateDocument = Omit<PersonaState, 'active'> & { active?: ActiveSwitch };

/** One scope of the document as read and written: global, or one environment. */
export interface ScopeView {
  /** Absent when the scope never had a persona. */
  scope?: ScopeState;
  /** Newest first. */
  previous: ActiveSwitch[];
}

/** What applying a request needs besides the state and the request. */
export interface ApplyContext {
  /** The clock; nothing reads the real time. */
  now: Date;
  /** Who asked (`github.actor`, the CLI user). */
  actor: string;
  /** The canonical blend id of an expression. @throws ConfigurationError for a bad blend. */
  canonical: (expression: string) => string;
}

/** The outcome of one request: the document to write, the history entry that explains it, and the acknowledgement. */
export interface ApplyResult {
  state: StateDocument;
  entry: HistoryEntry;
  ack: Ack;
  /** False when only an acknowledgement was added (a duplicate): the revision did not change, but the document still has to be written. */
  changed: boolean;
}

/**
 * A request the current state refuses (advance with no rollout in progress,
 * revert with nothing to revert to…). A user error: the wiring records it
 * with `recordRejection(state, request, error.reason, ctx)` and reports it
 * without a stack trace.
 */
export class RequestRejected extends ConfigurationError {
  /** Why, as recorded in the acknowledgement. */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'ConfigurationError';
    this.reason = reason;
  }
}
