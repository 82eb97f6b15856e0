import type { HistoryEntry } from '../../src/switching/persona-state.js';
import { HISTORY_TRAILER, historyCommitMessage, historyEntry, parseHistoryCommitMessage, toHistoryEntry } from '../../src/switching/history-entry.js';

const base: HistoryEntry = {
  at: '2026-03-01T12:00:00.000Z',
  by: 'alice',
  action: 'switch',
  persona: 'security-first',
  correlation_id: 'corr-123',
  result: 'applied',
  reason: 'incident 42: tighten deploys',
  revision: 7,
};

describe('historyEntry', () => {
  it('takes the action, environment and correlation id from the request, and omits absent fields', () => {
    const request = { action: 'pause' as const, correlation_id: 'c-1' };
    expect(historyEntry({ request, at: new Date(base.at), by: 'bob', result: 'rejected', reason: 'no rollout', revision: 3 })).toEqual({
      at: base.at,
      by: 'bob',
      action: 'pause',
      correlation_id: 'c-1',
      result: 'rejected',
      reason: 'no rollout',
      revision: 3,
    });
    const withEnv = historyEntry({
      request: { ...request, environment: 'prod' },
      at: new Date(base.at),
      by: 'b',
      result: 'applied',
      reason: '',
      revision: 4,
      persona: 'x',
    });
    expect(withEnv).toMatchObject({ environment: 'prod', persona: 'x' });
  });
});

describe('historyCommitMessage', () => {
  it('starts with a human line, then the reason, then the trailer as the last line', () => {
    const message = historyCommitMessage(base);
    const lines = message.trimEnd().split('\n');
    expect(lines[0]).toBe('persona-switch: security-first by alice (corr-123)');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('incident 42: tighten deploys');
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe(`${HISTORY_TRAILER}: ${JSON.stringify(base)}`);
    expect(lines).toHaveLength(5);
  });

  it('names the environment, and the result when it was not applied', () => {
    const rejected = { ...base, environment: 'production', result: 'rejected' as const, persona: undefined };
    delete rejected.persona;
    expect(historyCommitMessage(rejected).split('\n')[0]).toBe('persona-switch rejected: persona in production by alice (corr-123)');
    const advance: HistoryEntry = { ...base, action: 'advance', result: 'duplicate', persona: undefined as unknown as string };
    delete advance.persona;
    expect(historyCommitMessage(advance).split('\n')[0]).toBe('persona-advance duplicate: rollout by alice (corr-123)');
  });

  it('leaves out the body when the reason is empty', () => {
    const message = historyCommitMessage({ ...base, reason: '' });
    expect(message.split('\n')).toHaveLength(4);
    expect(parseHistoryCommitMessage(message)).toEqual({ ...base, reason: '' });
  });

  it.each([
    ['a plain entry', base],
    [
      'an environment, a blend and a rejection',
      { ...base, persona: 'security-first:0.6,cost-optimization:0.4', environment: 'production', result: 'rejected' as const },
    ],
    ['a multi-line reason with unicode', { ...base, reason: 'line one\n\nline two ✓ — ünïcode\n  indented' }],
    ['no persona', { at: base.at, by: 'ci-bot[bot]', action: 'revert', correlation_id: 'x', result: 'duplicate' as const, reason: 'r', revision: 0 }],
  ])('round-trips %s', (_name, entry) => {
    expect(parseHistoryCommitMessage(historyCommitMessage(entry))).toEqual(entry);
  });

  it('survives the trailing newline being stripped or doubled', () => {
    const message = historyCommitMessage(base);
    expect(parseHistoryCommitMessage(message.trimEnd())).toEqual(base);
    expect(parseHistoryCommitMessage(`${message}\n\n`)).toEqual(base);
  });
});

describe('hostile text in history entries', () => {
  const forged = { ...base, by: 'mallory', persona: 'yolo', correlation_id: 'forged', revision: 99 };

  it('a reason carrying a trailer line does not forge a second entry', () => {
    const reason = `fine\n\n${HISTORY_TRAILER}: ${JSON.stringify(forged)}`;
    const message = historyCommitMessage({ ...base, reason });
    expect(parseHistoryCommitMessage(message)).toEqual({ ...base, reason });
    const body = message.split('\n').slice(2, -2);
    expect(body.some((line) => line.startsWith(HISTORY_TRAILER))).toBe(false);
    expect(body).toContain(`> ${HISTORY_TRAILER}: ${JSON.stringify(forged)}`);
  });

  it('a reason ending the message with a look-alike trailer, CRs and odd case is still only data', () => {
    const reason = `x\r\npersona-state-entry : ${JSON.stringify(forged)}\r\n`;
    const entry = parseHistoryCommitMessage(historyCommitMessage({ ...base, reason }));
    expect(entry?.correlation_id).toBe('corr-123');
    expect(entry?.reason).toBe(reason);
  });

  it('control characters, bidi overrides and line breaks in actor, persona and id never break the first line', () => {
    const entry = { ...base, by: 'eve\nPersona-State-Entry: {}', persona: 'a\u202Eb', correlation_id: 'c\u0007d' };
    const message = historyCommitMessage(entry);
    const first = message.split('\n')[0]!;
    expect(first).toBe('persona-switch: a\\u202eb by eve\\u000aPersona-State-Entry: {} (c\\u0007d)');
    expect(parseHistoryCommitMessage(message)).toEqual(entry);
  });

  it('escapes control characters in the body but keeps the exact reason in the trailer', () => {
    const reason = 'ring \u0007 bell \u001b[31mred\u001b[0m $(rm -rf /) `id`';
    const message = historyCommitMessage({ ...base, reason });
    expect(message.includes('\u0007') || message.includes('\u001b')).toBe(false);
    expect(message.split('\n')[2]).toBe('ring \\u0007 bell \\u001b[31mred\\u001b[0m $(rm -rf /) `id`');
    expect(parseHistoryCommitMessage(message)?.reason).toBe(reason);
  });

  it('cuts a huge reason in the body, not in the trailer', () => {
    const reason = 'x'.repeat(60_000);
    const message = historyCommitMessage({ ...base, reason });
    expect(message.split('\n')[2]).toHaveLength(2000);
    expect(parseHistoryCommitMessage(message)?.reason).toHaveLength(60_000);
  });

  it.each([
    ['a hand-made commit', 'Initial commit\n\nset things up'],
    ['an empty message', ''],
    ['only a trailer line', `${HISTORY_TRAILER}: ${JSON.stringify(base)}`],
    ['broken JSON', `x\n\n${HISTORY_TRAILER}: {"at":`],
    ['a JSON array', `x\n\n${HISTORY_TRAILER}: []`],
    ['an unknown action', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, action: 'delete' })}`],
    ['an unknown result', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, result: 'maybe' })}`],
    ['a negative revision', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, revision: -1 })}`],
    ['a fractional revision', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, revision: 1.5 })}`],
    ['a bad date', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, at: 'yesterday' })}`],
    ['a numeric persona', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify({ ...base, persona: 5 })}`],
    ['the trailer not on the last line', `x\n\n${HISTORY_TRAILER}: ${JSON.stringify(base)}\nmore`],
  ])('reads nothing from %s', (_name, message) => {
    expect(parseHistoryCommitMessage(message)).toBeUndefined();
  });

  it('copies only the known fields, so __proto__ and extra keys never reach the entry', () => {
    const json = `{"__proto__":{"polluted":true},"extra":1,${JSON.stringify(base).slice(1)}`;
    const entry = parseHistoryCommitMessage(`x\n\n${HISTORY_TRAILER}: ${json}`);
    expect(entry).toEqual(base);
    expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(toHistoryEntry(null)).toBeUndefined();
  });
});
