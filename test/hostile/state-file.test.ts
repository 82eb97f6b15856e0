// Hostile `file:` state stores: links, FIFOs, huge files, forged locks and poisoned history lines.
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { createFileStateStore, fileStorePaths } from '../../src/state/file-state-store.js';
import { parseStateSpec } from '../../src/state/state-spec.js';
import { bump, entryAt } from '../state/fixtures/states.js';

const SECRET = 'AUTHORIZATION: basic c2VjcmV0LXRva2VuLTEyMzQ1';
const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function statePath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-state-'));
  roots.push(dir);
  return path.join(dir, 'state.json');
}

/** A store that never really waits; its clock moves by each sleep. */
function store(file: string, extra: { isAlive?: (pid: number) => boolean; logger?: MemoryLogger } = {}) {
  let now = Date.now();
  const timing = { now: () => now, sleep: async (ms: number) => void (now += ms), random: () => 0.5 };
  return createFileStateStore({ path: file, timing, lockTimeoutMs: 2000, ...extra });
}

/** Runs `action`, expecting a user error; returns its message, the time taken and how much the resident memory grew. */
async function userError(action: () => Promise<unknown>): Promise<{ message: string; ms: number; grewMiB: number }> {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  let error: unknown;
  try {
    await action();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n\s+at /);
  return { message, ms: performance.now() - started, grewMiB: (process.memoryUsage().rss - rss) / 2 ** 20 };
}

describe('hostile file: state stores', () => {
  it('refuses a state path linked to a credential file, never quoting it, and leaves the target alone', async () => {
    const file = statePath();
    const secret = path.join(path.dirname(file), 'config');
    writeFileSync(secret, `[http]\n\textraheader = ${SECRET}\n`);
    symlinkSync(secret, file);
    for (const action of [() => store(file).read(), () => store(file).update(bump('a'))]) {
      const { message } = await userError(action);
      expect(message).toBe(`${file}: is a symbolic link, not a regular file (only regular files are read)`);
      expect(message).not.toContain('c2VjcmV0');
    }
    expect(readFileSync(secret, 'utf8')).toContain(SECRET);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['config', 'state.json']);
  });

  it('refuses a FIFO at the state path at once instead of blocking, and writes nothing', async () => {
    const file = statePath();
    execFileSync('mkfifo', [file]);
    const { message, ms } = await userError(() => store(file).update(bump('a')));
    expect(message).toBe(`${file}: is a FIFO (named pipe), not a regular file (only regular files are read)`);
    expect(ms).toBeLessThan(1000);
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('refuses a 2 GiB state file without reading it (bounded time and memory), and never replaces it', async () => {
    const file = statePath();
    closeSync(openSync(file, 'w'));
    truncateSync(file, 2 ** 31);
    const { message, ms, grewMiB } = await userError(() => store(file).update(bump('a')));
    expect(message).toBe(`${file}: is 2147483648 bytes, over the 1 MiB limit of a state file (1048576 bytes)`);
    expect(ms).toBeLessThan(1000);
    expect(grewMiB).toBeLessThan(64);
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('never signals the pid of a forged lock (-1, 0, huge, text) and shows its host escaped and cut', async () => {
    const host = `\u001b[31m${'h'.repeat(500)}`;
    for (const pid of [-1, 0, 1e300, 2.5, '1; rm -rf /']) {
      const file = statePath();
      writeFileSync(fileStorePaths(file).lock, JSON.stringify({ pid, host }));
      const isAlive = jest.fn(() => false);
      const { message } = await userError(() => store(file, { isAlive }).update(bump('a')));
      expect(isAlive).not.toHaveBeenCalled();
      expect(message).toMatch(/is still held by an unknown writer since .* after 2 s; nothing was written/);
      expect(existsSync(file)).toBe(false);
    }
    const file = statePath();
    writeFileSync(fileStorePaths(file).lock, JSON.stringify({ pid: 7, host }));
    const { message } = await userError(() => store(file, { isAlive: () => false }).update(bump('a')));
    expect(message).toContain(`held by pid 7 on host "\\u001b[31m${'h'.repeat(50)}`);
    expect(message).not.toContain('\u001b');
    expect(message.length).toBeLessThan(400);
  });

  it('skips poisoned history lines (__proto__, wrong types, NUL, huge) without polluting objects', async () => {
    const file = statePath();
    const logger = new MemoryLogger();
    const lines = [
      JSON.stringify(entryAt(1)),
      '{"__proto__":{"polluted":true},"at":"2026-02-02T00:00:00Z","by":"x","action":"revert","correlation_id":"x","result":"applied","reason":"","revision":2}',
      JSON.stringify({ ...entryAt(2), action: 'rm -rf' }),
      JSON.stringify({ ...entryAt(3), result: 'owned' }),
      JSON.stringify({ ...entryAt(4), revision: -4 }),
      JSON.stringify({ ...entryAt(5), persona: { toString: 'x' } }),
      '[1,2,3]',
      '\u0000\u0000\u0000',
      JSON.stringify({ ...entryAt(6), extra: 'dropped', constructor: { prototype: { polluted: true } } }),
      `"${'z'.repeat(200_000)}"`,
    ];
    writeFileSync(fileStorePaths(file).history, `${lines.join('\n')}\n`);
    const history = await store(file, { logger }).history(10);
    expect(history).toEqual([
      entryAt(6),
      { at: '2026-02-02T00:00:00Z', by: 'x', action: 'revert', correlation_id: 'x', result: 'applied', reason: '', revision: 2 },
      entryAt(1),
    ]);
    expect(Object.getPrototypeOf(history[1])).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(logger.messages('warning')).toEqual([`${fileStorePaths(file).history}: skipped 7 line(s) that are not history entries`]);
  });

  it('refuses a lock path that is a folder or a history that is a FIFO, leaving the state as it was', async () => {
    const file = statePath();
    await store(file).update(bump('a'));
    const before = readFileSync(file, 'utf8');
    mkdirSync(fileStorePaths(file).lock);
    expect((await userError(() => store(file).update(bump('b')))).message).toMatch(/the lock .*state.json.lock is not a regular file; remove it/);
    rmSync(fileStorePaths(file).lock, { recursive: true });
    rmSync(fileStorePaths(file).history);
    execFileSync('mkfifo', [fileStorePaths(file).history]);
    const { message, ms } = await userError(() => store(file).update(bump('b')));
    expect(message).toBe(`${fileStorePaths(file).history}: is not a regular file`);
    expect(ms).toBeLessThan(1000);
    expect((await userError(() => store(file).history(5))).message).toBe(`${fileStorePaths(file).history}: is not a regular file`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['state.json', 'state.json.history.jsonl']);
  });

  it('accepts a file: path that climbs out of the workspace (the workflow author chose it) but refuses control characters', () => {
    expect(parseStateSpec('file:../../srv/persona/state.json', { workspace: '/home/runner/work/app/app' })).toEqual({
      kind: 'file',
      path: '/home/runner/work/srv/persona/state.json',
    });
    expect(() => parseStateSpec('file:state.json\nfile:/etc/passwd', { workspace: '/w' })).toThrow(
      'input "state": "file:state.json\\nfile:/etc/passwd" has a control character in the path; accepted forms',
    );
  });
});
