/**
 * Correlation ids: what makes a switch request idempotent and lets a sender
 * find its acknowledgement. Given by the sender or generated here.
 */

/**
 * A new random correlation id (a UUID), for requests that name none. Web
 * Crypto's global, not `node:crypto`, which would load on every start of
 * the action that imports this module.
 */
export function randomCorrelationId(): string {
  return globalThis.crypto.randomUUID();
}
