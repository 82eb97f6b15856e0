import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGitHubClient } from '../../src/github/github-client.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createBranchStateStore, type BranchStateStoreOptions } from '../../src/state/branch-state-store.js';
import type { StateChange, StateStore } from '../../src/state/state-store.js';
import { serializeState } from '../../src/switching/parse-state.js';
import type { HistoryEntry, PersonaState } from '../../src/switching/persona-state.js';
import type { GitHubApiServer } from '../support/github-api-server.js';

/** The repository every branch-store test uses. */
export const OWNER = 'octo-org';
export const REPO = 'app';
export const TOKEN = 't0k3n';

/** A valid state at `revision`, switched to `persona` under `correlation`. */
export function stateAt(revision: number, correlation = `corr-${revision}`, persona = 'security-first'): PersonaState {
  const since = new Date(Date.UTC(2026, 0, 1, 0, revision)).toISOString();
  return {
    schema_version: '1.0',
    revision,
    active: { persona, since, by: 'alice', reason: `switch ${revision}`, correlation_id: correlation },
    previous: [],
    acks: [{ correlation_id: correlation, result: 'applied', reason: '', revision, at: since }],
  };
}

/** The history entry of the change to {@link stateAt}(revision). */
export function entryAt(revision: number, correlation = `corr-${revision}`): HistoryEntry {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, revision)).toISOString(),
    by: 'alice',
    action: 'switch',
    persona: 'security-first',
    correlation_id: correlation,
    result: 'applied',
    reason: `switch ${revision}`,
    revision,
  };
}

/** The change every concurrency test makes: revision = current + 1, with a correlation id naming the writer. */
export function bump(writer: string): (current: PersonaState | undefined) => StateChange<number> {
  return (current) => {
    const revision = (current?.revision ?? 0) + 1;
    return { write: { state: stateAt(revision, `${writer}-r${revision}`), entry: entryAt(revision, `${writer}-r${revision}`) }, result: revision };
  };
}

/** Puts `state` (or raw text) on `branch` of the test repository, as one commit. */
export function seed(server: GitHubApiServer, state: PersonaState | string, branch = 'persona-state'): void {
  server.git(OWNER, REPO).commitFiles(branch, { 'state.json': typeof state === 'string' ? state : serializeState(state) }, 'seed');
}

/** What a test store records instead of sleeping. */
export interface StoreProbe {
  store: StateStore;
  /** Waits of the read path's retries. */
  readWaits: number[];
  /** Waits of the GitHub client's retries. */
  clientWaits: number[];
  logger: MemoryLogger;
}

/** A fresh folder for the job's read cache. */
export function cacheFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'persona-state-cache-'));
}

/** A store of the test repository on `server`, with its own client (like a separate job) and injected timing; `extra` overrides. */
export function testStore(server: GitHubApiServer, extra: Partial<BranchStateStoreOptions> = {}): StoreProbe {
  const readWaits: number[] = [];
  const clientWaits: number[] = [];
  const logger = new MemoryLogger();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const client = createGitHubClient({
    apiUrl: server.baseUrl,
    token: extra.token ?? TOKEN,
    logger,
    delay: async (ms) => void clientWaits.push(ms),
    random: () => 0.5,
    timeoutMs: 2000,
  });
  const store = createBranchStateStore({
    owner: OWNER,
    repo: REPO,
    apiUrl: server.baseUrl,
    token: TOKEN,
    client,
    logger,
    readTimeoutMs: 1000,
    readTiming: {
      now: () => clock,
      sleep: async (ms) => {
        readWaits.push(ms);
        clock += ms;
      },
      random: () => 0.5,
    },
    // Real jitter (so writers spread out), no real sleeping beyond a tick.
    cas: { timing: { sleep: () => new Promise((resolve) => setImmediate(resolve)), random: Math.random } },
    ...extra,
  });
  return { store, readWaits, clientWaits, logger };
}

/** The requests `server` received, as `METHOD path`. */
export function requestLines(server: GitHubApiServer): string[] {
  return server.requests.map((r) => `${r.method} ${r.path}`);
}
