import { ConfigurationError } from '../errors/configuration-error.js';
import { readRegularFile } from '../library/read-regular-file.js';
import type { TriggeringEvent } from '../switching/read-switch-request.js';

/** The events that carry switch requests. */
const REQUEST_EVENTS = new Set(['repository_dispatch', 'workflow_dispatch']);

/** The largest event payload read: a dispatch's payload is small (`client_payload` ≤ 65,535 characters), GitHub's envelope adds the repository. */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * The triggering event (`GITHUB_EVENT_NAME` and the JSON at
 * `GITHUB_EVENT_PATH`) when it is one that can carry a switch request
 * (`repository_dispatch`, `workflow_dispatch`); undefined for any other
 * event, whose payload is not read at all. The file is read as untrusted:
 * a regular file, not a link, at most 4 MiB.
 * @param required true in `mode: switch`: a missing event is then an error.
 */
export function readTriggeringEvent(env: Readonly<Record<string, string | undefined>>, required: boolean): TriggeringEvent | undefined {
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (!REQUEST_EVENTS.has(name)) {
    if (!required) return undefined;
    return { name: name || '(none: GITHUB_EVENT_NAME is not set)', payload: {} };
  }
  const file = env.GITHUB_EVENT_PATH;
  if (!file) throw new ConfigurationError(`GITHUB_EVENT_PATH is not set: the ${name} event's payload cannot be read`);
  const bytes = readRegularFile(file, {
    display: 'GITHUB_EVENT_PATH',
    limit: MAX_EVENT_BYTES,
    limitOf: 'an event payload',
    follow: true,
    missing: `GITHUB_EVENT_PATH names ${file}, which does not exist`,
  });
  try {
    return { name, payload: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch (error) {
    throw new ConfigurationError({ file: 'GITHUB_EVENT_PATH', message: `the ${name} event's payload is not UTF-8 JSON (${(error as Error).message})` });
  }
}
