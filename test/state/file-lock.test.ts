import { mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryLogger } from '../../src/logging/logger.js';
import { acquireFileLock, type FileLockOptions, NODE_STORE_FS } from '../../src/state/file-lock.js';

const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function lockPath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'file-lock-'));
  roots.push(dir);
  return path.join(dir, 'state.json.lock');
}

/** Options with a fake clock that advances by each sleep, on host `here` as pid 100; `alive` lists the live pids. */
function options(overrides: Partial<FileLockOptions> = {}, alive: number[] = [100]) {
  const clock = { now: Date.now(), sleeps: [] as number[] };
  const logger = new MemoryLogger();
  const opts: FileLockOptions = {
    description: 'file /x/state.json',
    timeoutMs: 30_000,
    staleMs: 60_000,
    timing: {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.sleeps.push(ms);
        clock.now += ms;
      },
      random: () => 0.5,
    },
    fs: NODE_STORE_FS,
    host: 'here',
    pid: 100,
    isAlive: (pid) => alive.includes(pid),
    logger,
    ...overrides,
  };
  return { opts, clock, logger };
}

/** Writes a lock as another writer would, `ageMs` old by its modification time. */
function plantLock(file: string, content: object | string, ageMs = 0): void {
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  const when = new Date(Date.now() - ageMs);
  utimesSync(file, when, when);
}

describe('file lock', () => {
  it('creates the lock with pid, host and time, and removes it on release', async () => {
    const file = lockPath();
    const { opts } = options();
    const lock = await acquireFileLock(file, opts);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      pid: 100,
      host: 'here',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('never removes a lock that is no longer the one it created', async () => {
    const file = lockPath();
    const lock = await acquireFileLock(file, options().opts);
    unlinkSync(file);
    plantLock(file, { pid: 200, host: 'here' });
    lock.release();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pid: 200, host: 'here' });
  });

  it('waits with growing, bounded backoff for a live holder and takes the lock once it is released', async () => {
    const file = lockPath();
    plantLock(file, { pid: 100, host: 'here', at: 'now' });
    const { opts, clock } = options();
    opts.timing.sleep = async (ms) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      if (clock.sleeps.length === 12) unlinkSync(file);
    };
    const lock = await acquireFileLock(file, opts);
    expect(clock.sleeps).toHaveLength(12);
    expect(clock.sleeps[0]).toBe(10);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]!);
    expect(Math.max(...clock.sleeps)).toBe(250);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(100);
    lock.release();
  });

  it('times out on a live holder with a message naming it, and leaves its lock', async () => {
    const file = lockPath();
    plantLock(file, { pid: 100, host: 'here' });
    const { opts, clock } = options({ timeoutMs: 5000 });
    await expect(acquireFileLock(file, opts)).rejects.toThrow(
      /^file \/x\/state.json: the lock .*state.json.lock is still held by pid 100 on host "here" since .* after 5 s; nothing was written \(if no writer is running, remove the lock file\)$/,
    );
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(100);
  });

  it('removes the lock of a dead process of this host at once, with a warning', async () => {
    const file = lockPath();
    plantLock(file, { pid: 4242, host: 'here' });
    const { opts, clock, logger } = options();
    const lock = await acquireFileLock(file, opts);
    expect(clock.sleeps).toEqual([]);
    expect(logger.messages('warning')).toEqual([
      expect.stringMatching(/removed the stale lock .* of pid 4242 on host "here" since .*: its process 4242 on this host is gone$/),
    ]);
    lock.release();
  });

  it('waits for a young lock of another host (its pid cannot be checked) and removes it once older than the stale age', async () => {
    const file = lockPath();
    plantLock(file, { pid: 4242, host: 'elsewhere' }, 30_000);
    const { opts, clock, logger } = options({ timeoutMs: 45_000 });
    const lock = await acquireFileLock(file, opts);
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(30_000);
    expect(waited).toBeLessThan(31_000);
    expect(logger.messages('warning')).toEqual([expect.stringMatching(/: it is 60 s old \(stale after 60 s\)$/)]);
    lock.release();
  });

  it('judges a lock it cannot parse by its age alone', async () => {
    const young = lockPath();
    plantLock(young, '');
    await expect(acquireFileLock(young, options({ timeoutMs: 1000 }).opts)).rejects.toThrow(/still held by an unknown writer since /);
    const old = lockPath();
    plantLock(old, 'garbage', 61_000);
    const lock = await acquireFileLock(old, options().opts);
    expect(JSON.parse(readFileSync(old, 'utf8')).pid).toBe(100);
    lock.release();
  });

  it('refuses a lock path that is a symbolic link, without touching its target', async () => {
    const file = lockPath();
    const target = path.join(path.dirname(file), 'target');
    writeFileSync(target, 'precious');
    symlinkSync(target, file);
    await expect(acquireFileLock(file, options().opts)).rejects.toThrow(/the lock .* is a symbolic link, not a lock this store wrote; remove it/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });

  it('lets only one of many waiters break a stale lock, so they hold it one at a time', async () => {
    const file = lockPath();
    plantLock(file, { pid: 4242, host: 'here' });
    let holding = 0;
    let most = 0;
    const worker = async (pid: number) => {
      const { opts } = options(
        { pid, timing: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms / 10)), random: () => 0.5 } },
        [100, 101, 102, 103, 104],
      );
      const lock = await acquireFileLock(file, opts);
      most = Math.max(most, ++holding);
      await new Promise((r) => setTimeout(r, 5));
      holding--;
      lock.release();
    };
    await Promise.all([100, 101, 102, 103, 104].map(worker));
    expect(most).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.break`)).toBe(false);
  });

  it('removes a break guard left behind by a waiter that died, once it is stale', async () => {
    const file = lockPath();
    plantLock(file, { pid: 4242, host: 'here' });
    plantLock(`${file}.break`, '', 61_000);
    const lock = await acquireFileLock(file, options().opts);
    expect(existsSync(`${file}.break`)).toBe(false);
    lock.release();
  });
});
