/**
 * The rollbacks this job ran, kept in `$RUNNER_TEMP/pipeline-personas/rollbacks.json`:
 * the once-per-run guard's memory when no environment (and so no
 * deployment status) records them. `$RUNNER_TEMP` belongs to one job, so
 * without an environment the guard holds per job; README says so. The file
 * is read only when it is a regular file under 64 KiB, and written all or
 * nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../library/read-regular-file.js';
import { writeFileAtomic } from '../runner/write-file-atomic.js';

/** Where the ledger is, under `RUNNER_TEMP`. */
export const ROLLBACK_LEDGER = 'pipeline-personas/rollbacks.json';
const LIMIT = 64 * 1024;
/** The most entries kept. */
const MAX_ENTRIES = 100;

/** One rollback of this job. */
export interface LedgerEntry {
  runId: string;
  /** ISO 8601. */
  at: string;
  environment: string;
}

/** A rollback of any run: what an unreadable ledger counts as, so the guard fails safe. */
const UNKNOWN: LedgerEntry = { runId: '*', at: new Date(0).toISOString(), environment: '' };

/**
 * The entries of the ledger: none when there is no file; one rollback of
 * any run when something else is there (a link, a folder, a file that is
 * not what this module writes), so the guard fails safe; entries of the
 * wrong shape are skipped.
 */
export function readRollbackLedger(runnerTemp: string | undefined): LedgerEntry[] {
  if (!runnerTemp) return [];
  const file = path.join(runnerTemp, ROLLBACK_LEDGER);
  try {
    fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    return [UNKNOWN];
  }
  try {
    const data: unknown = JSON.parse(readRegularFile(file, { display: file, limit: LIMIT, limitOf: 'the rollback ledger', follow: false }).toString('utf8'));
    if (!Array.isArray(data)) return [UNKNOWN];
    return data.filter(
      (e): e is LedgerEntry =>
        typeof e === 'object' && e !== null && typeof e.runId === 'string' && typeof e.at === 'string' && typeof e.environment === 'string',
    );
  } catch {
    return [UNKNOWN];
  }
}

/** Adds `entry` to the ledger (all or nothing); without `RUNNER_TEMP` nothing is kept. */
export function recordInRollbackLedger(runnerTemp: string | undefined, entry: LedgerEntry): void {
  if (!runnerTemp) return;
  const file = path.join(runnerTemp, ROLLBACK_LEDGER);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const entries = [...readRollbackLedger(runnerTemp).filter((e) => e.runId !== '*'), entry].slice(-MAX_ENTRIES);
  writeFileAtomic(file, JSON.stringify(entries));
}

/** How many rollbacks of run `runId` the ledger holds (an unreadable ledger counts as one). */
export function ledgerRollbacks(entries: readonly LedgerEntry[], runId: string): number {
  return entries.filter((e) => e.runId === runId || e.runId === '*').length;
}
