import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createFileStateStore, type FileStateStoreOptions, fileStorePaths } from '../../src/state/file-state-store.js';
import { serializeState } from '../../src/switching/parse-state.js';
import type { PersonaState } from '../../src/switching/persona-state.js';
import { failingRename, fullDisk, pauseMidWrite } from './fixtures/faulty-store-fs.js';
import { bump, entryAt, stateAt } from './fixtures/states.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh folder and the path of a state file in it. */
function statePath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
  roots.push(dir);
  return path.join(dir, 'state.json');
}

/** A store with a clock that never waits, unless the options say otherwise. */
function store(file: string, options: Partial<FileStateStoreOptions> = {}) {
  return createFileStateStore({ path: file, timing: { sleep: () => new Promise((r) => setImmediate(r)), random: () => 0.5 }, ...options });
}

/** The history file's lines, parsed. */
function historyLines(file: string): Array<{ revision: number; correlation_id: string }> {
  return readFileSync(fileStorePaths(file).history, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The fixtures, bundled once into plain JavaScript (20 processes each loading tsx would take most of the test's time). */
let bundled: string;
beforeAll(async () => {
  const { build } = await import('esbuild');
  bundled = mkdtempSync(path.join(os.tmpdir(), 'file-store-fixtures-'));
  roots.push(bundled);
  const entryPoints = ['update-once.ts', 'hold-lock.ts'].map((name) => path.join(HERE, 'fixtures', name));
  await build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outdir: bundled,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
});

/** Runs a bundled fixture (`update-once`, `hold-lock`) with `args`, resolving with its exit code and output. */
function runFixture(
  fixture: string,
  args: string[],
): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [path.join(bundled, `${fixture}.mjs`), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Expects 1..count, each once, as the revisions and as the history's revisions, with every correlation id present. */
function expectConsecutive(file: string, count: number, ids: string[]): void {
  const lines = historyLines(file);
  expect(lines.map((l) => l.revision)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  expect(new Set(lines.map((l) => l.correlation_id))).toEqual(new Set(ids));
  expect(JSON.parse(readFileSync(file, 'utf8')).revision).toBe(count);
}

describe('file state store: reads and writes', () => {
  it('reads nothing (no switch yet) and an empty history when the files do not exist', async () => {
    const file = statePath();
    await expect(store(file).read()).resolves.toBeUndefined();
    await expect(store(file).history(10)).resolves.toEqual([]);
    expect(store(file).description).toBe(`file ${file}`);
  });

  it('writes the state, appends one history line per change, and reads both back (history newest first)', async () => {
    const file = statePath();
    const s = store(file);
    await expect(s.update(bump('a'))).resolves.toBe(1);
    await expect(s.update(bump('b'))).resolves.toBe(2);
    expect(await s.read()).toEqual(stateAt(2, 'b'));
    expect(readFileSync(file, 'utf8')).toBe(serializeState(stateAt(2, 'b')));
    expect(await s.history(10)).toEqual([entryAt(2, 'b'), entryAt(1, 'a')]);
    expect(await s.history(1)).toEqual([entryAt(2, 'b')]);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['state.json', 'state.json.history.jsonl']);
  });

  it('writes nothing when the change decides not to write, and returns its result', async () => {
    const file = statePath();
    await expect(store(file).update(() => ({ result: 'nothing' }))).resolves.toBe('nothing');
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('creates a missing last folder, but not a deeper path', async () => {
    const file = path.join(path.dirname(statePath()), 'persona', 'state.json');
    await store(file).update(bump('a'));
    expect(JSON.parse(readFileSync(file, 'utf8')).revision).toBe(1);
    const deep = path.join(path.dirname(statePath()), 'a', 'b', 'state.json');
    await expect(store(deep).update(bump('a'))).rejects.toThrow(/cannot create the folder .*ENOENT.*only the last folder/);
  });

  it('reports a corrupt state, never calls the change, and never replaces it', async () => {
    const file = statePath();
    writeFileSync(file, '{"schema_version": "1.0", "revision": ');
    const change = jest.fn(bump('a'));
    await expect(store(file).read()).rejects.toThrow(ConfigurationError);
    await expect(store(file).update(change)).rejects.toThrow(file);
    expect(change).not.toHaveBeenCalled();
    expect(readFileSync(file, 'utf8')).toBe('{"schema_version": "1.0", "revision": ');
    expect(existsSync(fileStorePaths(file).history)).toBe(false);
    expect(existsSync(fileStorePaths(file).lock)).toBe(false);
  });

  it('refuses a new state over 1 MiB and writes nothing', async () => {
    const file = statePath();
    const huge: PersonaState = { ...stateAt(1), active: { ...stateAt(1).active!, reason: 'x'.repeat(1024 * 1024) } };
    await expect(store(file).update(() => ({ write: { state: huge, entry: entryAt(1) }, result: 1 }))).rejects.toThrow(
      /over the 1 MiB limit; nothing was written/,
    );
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });
});

describe('file state store: concurrency', () => {
  it('lands 20 concurrent updates of one process: revisions 1..20, 20 history lines, none lost', async () => {
    const file = statePath();
    const ids = Array.from({ length: 20 }, (_, i) => `in-process-${i}`);
    const results = await Promise.all(ids.map((id) => store(file).update(bump(id))));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expectConsecutive(file, 20, ids);
  });

  it('lands 20 separate processes writing at once, while reads in between always see a whole state', async () => {
    const file = statePath();
    const ids = Array.from({ length: 20 }, (_, i) => `process-${i}`);
    const runs = ids.map((id) => runFixture('update-once', [file, id]).done);
    let finished = false;
    const all = Promise.all(runs).finally(() => (finished = true));
    const seen: number[] = [];
    const reader = store(file);
    while (!finished) {
      const state = await reader.read();
      seen.push(state?.revision ?? 0);
      await new Promise((r) => setTimeout(r, 2));
    }
    const outcomes = await all;
    for (const outcome of outcomes) expect(outcome).toMatchObject({ code: 0, stderr: '' });
    expect(outcomes.map((o) => Number(o.stdout.trim())).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expectConsecutive(file, 20, ids);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(existsSync(fileStorePaths(file).lock)).toBe(false);
  }, 20_000);

  it('recovers the lock of a writer killed while holding it, with a warning', async () => {
    const file = statePath();
    const holder = runFixture('hold-lock', [file]);
    await new Promise<void>((resolve) => holder.child.stdout!.on('data', (chunk) => String(chunk).includes('locked') && resolve()));
    expect(JSON.parse(readFileSync(fileStorePaths(file).lock, 'utf8'))).toMatchObject({ pid: holder.child.pid, host: os.hostname() });
    holder.child.kill('SIGKILL');
    await holder.done;
    const logger = new MemoryLogger();
    await expect(store(file, { logger }).update(bump('after-kill'))).resolves.toBe(1);
    expect(logger.messages('warning')).toEqual([expect.stringContaining(`removed the stale lock ${fileStorePaths(file).lock} of pid ${holder.child.pid}`)]);
    expect(existsSync(fileStorePaths(file).lock)).toBe(false);
  }, 15_000);

  it("gives up on a live writer's lock after the timeout with a clear error, and writes nothing", async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    writeFileSync(fileStorePaths(file).lock, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() }));
    let now = Date.now();
    const timing = { now: () => now, sleep: async (ms: number) => void (now += ms), random: () => 0.5 };
    const started = performance.now();
    await expect(store(file, { timing, lockTimeoutMs: 30_000 }).update(bump('b'))).rejects.toThrow(
      new RegExp(`the lock .*state.json.lock is still held by pid ${process.pid} on host ".*" since .* after 30 s; nothing was written`),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(historyLines(file)).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).revision).toBe(1);
  });
});

describe('file state store: failures leave the old state', () => {
  it('a read in the middle of a write sees the old state, whole', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    let during: Promise<PersonaState | undefined> | undefined;
    const fs = pauseMidWrite(
      (f) => f.endsWith('.tmp'),
      () => (during = store(file).read()),
    );
    await store(file, { fs }).update(bump('b'));
    expect(during).toBeDefined();
    await expect(during).resolves.toEqual(stateAt(1, 'a'));
    await expect(store(file).read()).resolves.toEqual(stateAt(2, 'b'));
  });

  it('a full disk while writing the new state leaves the old state and history, and no temporary file', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    const before = readFileSync(file, 'utf8');
    const fs = fullDisk(10, (f) => f.endsWith('.tmp'));
    await expect(store(file, { fs }).update(bump('b'))).rejects.toThrow(/cannot write the state: ENOSPC \(no space left on device\); nothing was written/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(historyLines(file)).toHaveLength(1);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['state.json', 'state.json.history.jsonl']);
  });

  it('a full disk in the middle of the history line cuts the line back and keeps the old state', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    const history = readFileSync(fileStorePaths(file).history, 'utf8');
    const fs = fullDisk(20, (f) => f.endsWith('.history.jsonl'));
    await expect(store(file, { fs }).update(bump('b'))).rejects.toThrow(
      /cannot append to .*history.jsonl: ENOSPC.*nothing was written \(the history line was cut off again\)/,
    );
    expect(readFileSync(fileStorePaths(file).history, 'utf8')).toBe(history);
    await expect(store(file).read()).resolves.toEqual(stateAt(1, 'a'));
  });

  it('a failed rename cuts the history line back and keeps the old state', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    await expect(store(file, { fs: failingRename('EIO') }).update(bump('b'))).rejects.toThrow(/EIO \(input\/output error\); nothing was written/);
    expect(historyLines(file)).toHaveLength(1);
    await expect(store(file).read()).resolves.toEqual(stateAt(1, 'a'));
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['state.json', 'state.json.history.jsonl']);
  });
});

describe('file state store: history file', () => {
  it('skips (and warns once about) a cut-off last line, and starts the next entry on a line of its own', async () => {
    const file = statePath();
    const logger = new MemoryLogger();
    const s = store(file, { logger });
    await s.update(bump('a'));
    writeFileSync(fileStorePaths(file).history, `${readFileSync(fileStorePaths(file).history, 'utf8')}{"at":"2026`);
    expect(await s.history(5)).toEqual([entryAt(1, 'a')]);
    expect(await s.history(5)).toEqual([entryAt(1, 'a')]);
    expect(logger.messages('warning')).toEqual([expect.stringContaining('the last line is incomplete')]);
    writeFileSync(file, serializeState(stateAt(1, 'a')));
    await s.update(bump('b'));
    expect(await s.history(5)).toEqual([entryAt(2, 'b'), entryAt(1, 'a')]);
    expect(logger.messages('warning')).toEqual([expect.stringContaining('the last line is incomplete'), expect.stringContaining('skipped 1 line(s)')]);
  });

  it('reads only the newest entries of a long history', async () => {
    const file = statePath();
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify(entryAt(i + 1, `c-${i + 1}-${'r'.repeat(200)}`))).join('\n');
    writeFileSync(fileStorePaths(file).history, `${lines}\n`);
    const newest = await store(file).history(3);
    expect(newest.map((e) => e.revision)).toEqual([5000, 4999, 4998]);
  });

  it('refuses a state path that is a symbolic link, for reads and writes, and leaves its target alone', async () => {
    const file = statePath();
    const target = path.join(path.dirname(file), 'elsewhere.json');
    writeFileSync(target, serializeState(stateAt(7)));
    symlinkSync(target, file);
    await expect(store(file).read()).rejects.toThrow(/is a symbolic link, not a regular file/);
    await expect(store(file).update(bump('a'))).rejects.toThrow(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe(serializeState(stateAt(7)));
    expect(existsSync(fileStorePaths(file).history)).toBe(false);
  });

  it('refuses a history file that is a symbolic link and keeps the old state', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    const target = path.join(path.dirname(file), 'audit.log');
    writeFileSync(target, 'keep\n');
    rmSync(fileStorePaths(file).history);
    symlinkSync(target, fileStorePaths(file).history);
    await expect(store(file).update(bump('b'))).rejects.toThrow(/history.jsonl: is a symbolic link/);
    await expect(store(file).history(1)).rejects.toThrow(/is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
    await expect(store(file).read()).resolves.toEqual(stateAt(1, 'a'));
  });
});
