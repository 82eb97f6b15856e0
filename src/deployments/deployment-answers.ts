import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/quote.js';
import type { DeploymentRecord } from './deployments.js';
import type { ObservedStatus } from './deployment-rules.js';

/*
 * GitHub's answers are outside input: every field is checked before use. A
 * list that is not a list is refused (the whole answer is wrong); an item of
 * the wrong shape is skipped and counted, never trusted.
 */

/** Items that fit, and how many did not. */
export interface Checked<T> {
  items: T[];
  skipped: number;
}

/** Longest string field taken from an answer (a ref, an environment, a URL, a description). */
const MAX_FIELD = 4096;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD;
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const isTime = (value: unknown): value is string => isText(value) && Number.isFinite(Date.parse(value));

/** A name git accepts as a ref: printable, no space, `~^:?*[\\`, `..` or `@{`, at most 255 characters. */
const isGitRef = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length > 0 &&
  value.length <= 255 &&
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /^[^\u0000-\u0020\u007f-\u009f~^:?*[\\]+$/.test(value) &&
  !value.includes('..') &&
  !value.includes('@{');

/** `data` as a list, or a ConfigurationError naming `what` and what came instead. */
export function answerList(data: unknown, what: string): unknown[] {
  if (Array.isArray(data)) return data;
  const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data;
  throw new ConfigurationError(`${what} answered with ${got} where GitHub sends a list: the answer was not used`);
}

/**
 * A `deployment` from GitHub as a {@link DeploymentRecord}, or undefined when a field
 * is missing or of the wrong type. A deployment this package made is of its sha, with
 * the branch or tag in `payload.ref`: that ref is given back.
 */
export function deploymentOf(value: unknown): DeploymentRecord | undefined {
  if (!isRecord(value)) return undefined;
  const { id, sha, ref, environment, created_at: createdAt, payload } = value;
  if (!isId(id) || !isText(sha) || !isText(ref) || !isText(environment) || !isTime(createdAt)) return undefined;
  const named = ref === sha && isRecord(payload) && isGitRef(payload.ref) ? payload.ref : ref;
  // A ref git itself would refuse (control characters, spaces, `..`): anyone with `deployments: write` sets it, so the sha stands in.
  return { id, sha, ref: isGitRef(named) ? named : sha, environment, createdAt };
}

/** The deployments of a list answer that fit. */
export function deploymentsOf(data: unknown, what: string): Checked<DeploymentRecord> {
  return checkAll(answerList(data, what), deploymentOf);
}

/** A `deployment-status` from GitHub as an {@link ObservedStatus}, or undefined when it does not fit. */
export function statusOf(value: unknown): ObservedStatus | undefined {
  if (!isRecord(value)) return undefined;
  const { id, state, description, created_at: createdAt, log_url: logUrl, target_url: targetUrl } = value;
  if (!isId(id) || !isText(state) || !isTime(createdAt)) return undefined;
  if (description !== null && description !== undefined && typeof description !== 'string') return undefined;
  const urls = [logUrl, targetUrl].filter(isText);
  return { id, state, description: typeof description === 'string' ? description.slice(0, MAX_FIELD) : '', urls, createdAt };
}

/** The statuses of a list answer that fit. */
export function statusesOf(data: unknown, what: string): Checked<ObservedStatus> {
  return checkAll(answerList(data, what), statusOf);
}

/** The message for items skipped from `what`'s answer. */
export function skippedMessage(skipped: number, what: string, kind: 'deployment' | 'status'): string {
  const noun = skipped === 1 ? kind : kind === 'status' ? 'statuses' : 'deployments';
  return `${what}: ${skipped} ${noun} of an unexpected shape ignored`;
}

/** The `deployment` a POST answered, or a ConfigurationError quoting what came instead. */
export function createdDeployment(data: unknown, what: string): DeploymentRecord {
  const record = deploymentOf(data);
  if (record) return record;
  const message = isRecord(data) && typeof data.message === 'string' ? `: GitHub says ${quote(data.message)}` : '';
  throw new ConfigurationError(`${what} did not answer with a deployment${message}`);
}

function checkAll<T>(list: unknown[], check: (value: unknown) => T | undefined): Checked<T> {
  const items: T[] = [];
  for (const value of list) {
    const item = check(value);
    if (item !== undefined) items.push(item);
  }
  return { items, skipped: list.length - items.length };
}
