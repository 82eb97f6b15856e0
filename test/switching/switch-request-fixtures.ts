/** Helpers of the switch request tests. */
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { isConfigurationError } from '../../src/errors/configuration-error.js';
import { readSwitchRequest } from '../../src/switching/read-switch-request.js';
import type { SwitchRequest } from '../../src/switching/switch-request.js';

/** A correlation id generator that counts. */
export function counter(prefix = 'generated'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** Reads a repository_dispatch event of `eventType` carrying `clientPayload`. */
export const dispatch = (eventType: string, clientPayload: unknown, eventTypes?: Record<string, string>): SwitchRequest =>
  readSwitchRequest(
    { name: 'repository_dispatch', payload: { action: eventType, client_payload: clientPayload } },
    { eventTypes, newCorrelationId: counter() },
  );

/** Reads a workflow_dispatch event with `inputs`. */
export const workflow = (inputs: unknown): SwitchRequest =>
  readSwitchRequest({ name: 'workflow_dispatch', payload: { inputs } }, { newCorrelationId: counter() });

/** The diagnostics `run` throws (it must throw a ConfigurationError), as [path, message] pairs; every one names the file. */
export function problemsOf(run: () => unknown, file = 'the event payload'): Array<[string | undefined, string]> {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  if (!isConfigurationError(error)) throw new Error(`expected a ConfigurationError, got ${String(error)}`);
  const diagnostics: readonly Diagnostic[] = error.diagnostics;
  for (const d of diagnostics) expect(d.file).toBe(file);
  expect(error.stack === undefined || !error.message.includes('    at ')).toBe(true);
  return diagnostics.map((d) => [d.path, d.message]);
}
