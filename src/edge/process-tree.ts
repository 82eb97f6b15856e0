/**
 * Ending a command's whole process tree: the command runs as the leader of
 * its own process group (`detached: true`), so one signal to the group
 * reaches the shell, its children and their children, wherever they are in
 * the tree (unless one of them started a session or group of its own).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** How often the group is checked while it is given time to exit. */
export const GROUP_POLL_MS = 20;

/** The longest wait, after SIGKILL, for the group to be gone (reaped) before {@link ProcessGroup.terminate} resolves anyway. */
export const KILL_WAIT_MS = 1000;

/** Sends `signal` to every process of a group; 0 only checks. False when the group is gone. */
export type GroupSignaller = (groupId: number, signal: NodeJS.Signals | 0) => boolean;

/**
 * {@link GroupSignaller} over `process.kill(-group)`: ESRCH (no process
 * left) is `false`, EPERM counts as alive. On Linux the check (signal 0)
 * also counts a group whose processes are all zombies as gone: they are
 * dead, only waiting for their parent (often init, which some containers
 * reap slowly) to collect them.
 */
export const signalProcessGroup: GroupSignaller = (groupId, signal) => {
  try {
    process.kill(-groupId, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true;
    throw error;
  }
  return signal !== 0 || hasLiveMember(groupId);
};

/** Whether /proc lists a process of the group that is not a zombie (true when /proc cannot tell). */
function hasLiveMember(groupId: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(pgrp) === groupId && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * One process group and its orderly end: {@link terminate} sends a signal
 * (SIGTERM by default) to the group, waits up to the grace period for the
 * group to be gone, then sends SIGKILL to whatever is left, so a process
 * that ignores SIGTERM cannot keep the tree alive, and waits (briefly) for
 * the kernel to finish the job. A second call forwards
 * its signal and shares the first call's escalation.
 */
export class ProcessGroup {
  private ending?: Promise<void>;

  constructor(
    private readonly groupId: number,
    private readonly graceMs: number,
    private readonly signal: GroupSignaller = signalProcessGroup,
  ) {}

  /** True while any process of the group exists (zombies not yet reaped by their parent count as existing). */
  alive(): boolean {
    return this.signal(this.groupId, 0);
  }

  /** Signals the group, then SIGKILLs it after the grace period; resolves once the group is gone (or, after SIGKILL, {@link KILL_WAIT_MS} passed). */
  terminate(first: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.ending) {
      this.signal(this.groupId, first);
      return this.ending;
    }
    this.ending = this.escalate(first);
    return this.ending;
  }

  /** Resolves when a {@link terminate} under way is done (at once when none was asked for). */
  finished(): Promise<void> {
    return this.ending ?? Promise.resolve();
  }

  /** Sends SIGKILL to the group now (nothing when it is gone). */
  kill(): void {
    this.signal(this.groupId, 'SIGKILL');
  }

  private async escalate(first: NodeJS.Signals): Promise<void> {
    if (!this.signal(this.groupId, first)) return;
    if (await this.gone(this.graceMs)) return;
    this.kill();
    await this.gone(KILL_WAIT_MS);
  }

  /** Polls until the group is gone (true) or `ms` have passed (false). */
  private async gone(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(GROUP_POLL_MS, Math.max(1, deadline - Date.now()))));
      if (!this.alive()) return true;
    }
    return false;
  }
}
