import { cutDescription, isKnownGood, type ObservedStatus, pointsIntoRun, rollbackHistoryOf } from '../../src/deployments/deployment-rules.js';
import { isRollbackMarker, ROLLBACK_MARKER_SUFFIX, rollbackDescription } from '../../src/deployments/rollback-marker.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
let nextId = 1;
const status = (state: string, description = '', urls: string[] = [], createdAt = '2024-05-01T10:00:00Z'): ObservedStatus => ({
  id: nextId++,
  state,
  description,
  urls,
  createdAt,
});

describe('the rollback marker', () => {
  it('names the target by its short sha and ref, or none', () => {
    expect(rollbackDescription({ ref: 'v1.2', sha: SHA })).toBe('Rolled back to 0123456789ab (v1.2) by pipeline-personas');
    expect(rollbackDescription()).toBe('Rolled back by pipeline-personas');
  });

  it('stays within 140 characters and keeps its suffix with a long or hostile ref', () => {
    const description = rollbackDescription({ ref: `feature/${'x'.repeat(300)}\n\u0007`, sha: SHA });
    expect(description.length).toBe(140);
    expect(description.includes('\n') || description.includes('\u0007')).toBe(false);
    expect(description.endsWith(`…) ${ROLLBACK_MARKER_SUFFIX}`)).toBe(true);
    expect(isRollbackMarker(description)).toBe(true);
  });

  it('is recognised by exactly its prefix and suffix', () => {
    expect(isRollbackMarker('Rolled back by pipeline-personas')).toBe(true);
    expect(isRollbackMarker('Rolled back to abc (main) by pipeline-personas')).toBe(true);
    expect(isRollbackMarker('rolled back by pipeline-personas')).toBe(false);
    expect(isRollbackMarker('Rolled back by someone else')).toBe(false);
    expect(isRollbackMarker('Deploy: Rolled back by pipeline-personas')).toBe(false);
    expect(isRollbackMarker(undefined)).toBe(false);
  });
});

describe('the deployment rules', () => {
  it('matches a run URL only when the run id ends there', () => {
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/12', '12')).toBe(true);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/12/job/3', '12')).toBe(true);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/12?check_suite_focus=true', '12')).toBe(true);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/12', '1')).toBe(false);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/120', '12')).toBe(false);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/120/x/actions/runs/12/', '12')).toBe(true);
    expect(pointsIntoRun('https://github.com/o/r/actions/runs/', '12')).toBe(false);
  });

  it('takes a success as known-good unless a rollback marker came after it', () => {
    const marker = 'Rolled back by pipeline-personas';
    expect(isKnownGood([status('in_progress'), status('success'), status('inactive')])).toBe(true);
    expect(isKnownGood([status('success'), status('failure', marker)])).toBe(false);
    expect(isKnownGood([status('success'), status('failure', marker), status('inactive')])).toBe(false);
    expect(isKnownGood([status('failure', marker), status('success')])).toBe(true);
    expect(isKnownGood([status('success', marker)])).toBe(false);
    expect(isKnownGood([status('failure'), status('error')])).toBe(false);
    expect(isKnownGood([])).toBe(false);
  });

  it('dates the newest marker and counts those of the run, ignoring bad dates', () => {
    const run = (id: number) => [`https://github.com/o/r/actions/runs/${id}`];
    const statuses = [
      status('failure', 'Rolled back by pipeline-personas', run(4), '2024-05-01T09:00:00Z'),
      status('failure', 'Rolled back by pipeline-personas', run(5), '2024-05-01T08:00:00Z'),
      status('failure', 'Rolled back by pipeline-personas', run(4), 'not a date'),
      status('failure', 'deploy failed', run(4), '2024-05-01T09:30:00Z'),
    ];
    expect(rollbackHistoryOf(statuses, '4')).toEqual({ lastRollbackAt: new Date('2024-05-01T09:00:00Z'), thisRun: 2 });
    expect(rollbackHistoryOf([], '4')).toEqual({ thisRun: 0 });
  });

  it('cuts descriptions to 140 characters with an ellipsis', () => {
    expect(cutDescription('a'.repeat(140))).toBe('a'.repeat(140));
    expect(cutDescription('a'.repeat(141))).toBe(`${'a'.repeat(139)}…`);
  });
});
