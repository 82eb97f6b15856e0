/**
 * What the watch reads metrics through: one {@link MetricSource} per line of
 * the `metrics` input (see parse-metric-sources.ts), and {@link readSources},
 * which asks them all at once and merges what they read.
 */
import { mapConcurrent } from '../edge/map-concurrent.js';
import { quote } from '../errors/quote.js';
import type { Logger } from '../logging/logger.js';
import type { MetricRequest, ReadResult } from '../monitoring/readings.js';
import type { HttpTransport } from '../library/http-transport.js';

/** One source of the `metrics` input. */
export interface MetricSource {
  /** As written in the `metrics` input (`prometheus:http://prom:9090 token-env=PROM_TOKEN`): secrets are never on the line, only the names of the variables holding them. */
  readonly label: string;
  /**
   * Reads what the source has for `requests` at the check at `now` (epoch ms). Never throws for a
   * source that misbehaves: every problem is one sentence in `problems`, and the metrics concerned get no reading.
   */
  read(requests: readonly MetricRequest[], now: number): Promise<ReadResult>;
  /** Releases what the source holds (none of the built-in kinds holds anything between reads). */
  close?(): Promise<void>;
}

/** What the sources need from their surroundings. */
export interface SourceContext {
  /** `file:` paths resolve against it and must stay inside it; `command:` runs in it. */
  workspace: string;
  /** The variables named by `token-env=`, `basic-auth-env=`, `header=` and the whole environment of a `command:`. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Masks a secret in the log (`core.setSecret`): called for every credential read from the environment. */
  mask: (secret: string) => void;
  /** The budget of one HTTP request or one command run; default {@link DEFAULT_SOURCE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Epoch ms the watch started: a `file:` replay's clock origin. */
  startedAt: number;
  /** Sends the HTTP requests (tests); default the library's node:http(s) transport. */
  transport?: HttpTransport;
  /** Between SIGTERM and SIGKILL for a `command:` that outlived its budget; default 2 s. */
  killGraceMs?: number;
}

/** The budget of one request or command, unless the context says otherwise: 10 s. */
export const DEFAULT_SOURCE_TIMEOUT_MS = 10_000;

/** How many sources are read at once. */
export const SOURCE_CONCURRENCY = 8;

/**
 * Reads every source once, at most {@link SOURCE_CONCURRENCY} at a time, and
 * merges their readings and problems in source order. A source that throws
 * anyway (a bug) becomes one problem naming it, never a failed check.
 */
export async function readSources(sources: readonly MetricSource[], requests: readonly MetricRequest[], now: number): Promise<ReadResult> {
  const results = await mapConcurrent(
    sources,
    async (source): Promise<ReadResult> => {
      try {
        return await source.read(requests, now);
      } catch (error) {
        return { readings: [], problems: [`${source.label}: the read failed (${quote(error instanceof Error ? error.message : String(error), 200)})`] };
      }
    },
    SOURCE_CONCURRENCY,
  );
  return { readings: results.flatMap((r) => r.readings), problems: results.flatMap((r) => r.problems) };
}
