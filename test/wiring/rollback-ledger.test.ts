/** The rollback ledger in $RUNNER_TEMP: read, written all or nothing, bounded, and failing safe. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ledgerRollbacks, readRollbackLedger, recordInRollbackLedger, ROLLBACK_LEDGER, type LedgerEntry } from '../../src/wiring/rollback-ledger.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rollback-ledger-'));
  dirs.push(dir);
  return dir;
};
const entry = (runId: string, environment = 'production'): LedgerEntry => ({ runId, at: '2026-11-30T12:00:00.000Z', environment });
const write = (runnerTemp: string, text: string) => {
  const file = path.join(runnerTemp, ROLLBACK_LEDGER);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('the rollback ledger', () => {
  it('is empty when missing or without RUNNER_TEMP, where nothing is kept', () => {
    expect(readRollbackLedger(temp())).toEqual([]);
    expect(readRollbackLedger(undefined)).toEqual([]);
    expect(readRollbackLedger('')).toEqual([]);
    expect(() => recordInRollbackLedger(undefined, entry('1'))).not.toThrow();
  });

  it('keeps entries in order under pipeline-personas/, and counts those of one run', () => {
    const runnerTemp = temp();
    recordInRollbackLedger(runnerTemp, entry('1'));
    recordInRollbackLedger(runnerTemp, entry('2', ''));
    recordInRollbackLedger(runnerTemp, entry('1', 'staging'));
    expect(existsSync(path.join(runnerTemp, 'pipeline-personas', 'rollbacks.json'))).toBe(true);
    const entries = readRollbackLedger(runnerTemp);
    expect(entries).toEqual([entry('1'), entry('2', ''), entry('1', 'staging')]);
    expect(ledgerRollbacks(entries, '1')).toBe(2);
    expect(ledgerRollbacks(entries, '2')).toBe(1);
    expect(ledgerRollbacks(entries, '3')).toBe(0);
  });

  it('keeps at most the newest 100 entries', () => {
    const runnerTemp = temp();
    write(runnerTemp, JSON.stringify(Array.from({ length: 100 }, (_, i) => entry(String(i)))));
    recordInRollbackLedger(runnerTemp, entry('new'));
    const entries = readRollbackLedger(runnerTemp);
    expect(entries).toHaveLength(100);
    expect(entries[0]!.runId).toBe('1');
    expect(entries.at(-1)!.runId).toBe('new');
  });

  it('counts a ledger that cannot be read as one rollback of any run', () => {
    for (const text of ['{ not json', '\u0000\u0001']) {
      const runnerTemp = temp();
      write(runnerTemp, text);
      const entries = readRollbackLedger(runnerTemp);
      expect(ledgerRollbacks(entries, '42')).toBe(1);
      expect(ledgerRollbacks(entries, '43')).toBe(1);
    }
    const big = temp();
    write(big, `[${' '.repeat(70 * 1024)}]`);
    expect(ledgerRollbacks(readRollbackLedger(big), '42')).toBe(1);
  });

  it('keeps only entries of the shape it writes', () => {
    const runnerTemp = temp();
    write(runnerTemp, JSON.stringify([entry('1'), { runId: 2, at: 'x', environment: '' }, null, 'text', { runId: '3' }]));
    expect(readRollbackLedger(runnerTemp)).toEqual([entry('1')]);
  });

  it('writing after an unreadable ledger replaces it with a readable one', () => {
    const runnerTemp = temp();
    write(runnerTemp, '{ not json');
    recordInRollbackLedger(runnerTemp, entry('9'));
    expect(JSON.parse(readFileSync(path.join(runnerTemp, ROLLBACK_LEDGER), 'utf8'))).toEqual([entry('9')]);
  });
});
