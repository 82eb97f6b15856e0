import { applyRequest, recordRejection } from '../../src/switching/apply-request.js';
import { MIN, at, ctx, refusal, req, resolve, rollout, run } from './apply-fixtures.js';

describe('applyRequest: rollout', () => {
  const started = () =>
    run(undefined, [
      [0, { persona: 'balanced' }],
      [0, { persona: 'security-first', rollout, correlation_id: 'roll-x' }],
    ])!;

  it('a switch with a rollout records it from the old persona to the new one, at step 0', () => {
    const s = started();
    expect(s.revision).toBe(2);
    expect(s.active?.persona).toBe('security-first');
    expect(s.rollout).toEqual({
      id: 'roll-x',
      from: 'balanced',
      to: 'security-first',
      steps: [10, 50, 100],
      step: 0,
      interval: '1h',
      bucket_by: 'run',
      started_at: at(0).toISOString(),
      updated_at: at(0).toISOString(),
      paused_ms: 0,
      status: 'progressing',
    });
  });

  it('is refused without a persona to roll out from, while another is in progress, or to the same persona', () => {
    expect(refusal(() => applyRequest(undefined, req({ persona: 'a', rollout }), ctx(0)))).toMatch(
      /needs a persona to roll out from, and the global scope has none yet/,
    );
    expect(refusal(() => applyRequest(started(), req({ persona: 'c', rollout }), ctx(30)))).toMatch(
      /rollout "roll-x" is still progressing in the global scope \(step 1 of 3\)/,
    );
    const done = started();
    expect(refusal(() => applyRequest(done, req({ persona: 'security-first', rollout }), ctx(500)))).toMatch(/"security-first" is already active/);
    expect(applyRequest(done, req({ persona: 'c', rollout }), ctx(500)).state.rollout).toMatchObject({ from: 'security-first', to: 'c' });
  });

  it('rejects step lists and intervals outside the grammar as ConfigurationErrors', () => {
    const s = run(undefined, [[0, { persona: 'a' }]]);
    for (const steps of [[], [10, 5, 100], [0, 100], [10, 50], [10, 10, 100], [50.5, 100]]) {
      expect(() => applyRequest(s, req({ persona: 'b', rollout: { ...rollout, steps } }), ctx(0))).toThrow(/strictly increasing whole percentages/);
    }
    expect(() => applyRequest(s, req({ persona: 'b', rollout: { ...rollout, interval: '10s' } }), ctx(0))).toThrow(/shorter than 1m/);
  });

  it('a switch without a rollout replaces a rollout in progress at once', () => {
    const { state } = applyRequest(started(), req({ persona: 'freeze' }), ctx(30));
    expect(state.rollout).toBeUndefined();
    expect(state.previous[0]?.persona).toBe('security-first');
    expect(resolve(state, 30)).toMatchObject({ persona: 'freeze', cohort: 'none' });
  });

  it('advance moves one step past the current one, then records completion', () => {
    const a = applyRequest(started(), req({ action: 'advance' }), ctx(10));
    expect(a.state.rollout).toMatchObject({ step: 1, status: 'progressing', updated_at: at(10).toISOString() });
    expect(a.state.revision).toBe(3);
    expect(a.entry).toMatchObject({ action: 'advance', result: 'applied', revision: 3 });
    const b = applyRequest(a.state, req({ action: 'advance' }), ctx(11));
    expect(b.state.rollout).toMatchObject({ step: 2, status: 'complete' });
    expect(refusal(() => applyRequest(b.state, req({ action: 'advance' }), ctx(12)))).toBe(
      'cannot advance: rollout "roll-x" in the global scope is already complete',
    );
    // time already reached step 1 at minute 70: advance goes to step 2 (complete)
    expect(applyRequest(started(), req({ action: 'advance' }), ctx(70)).state.rollout).toMatchObject({ step: 2, status: 'complete' });
  });

  it('pause stops time, resume adds the pause to paused_ms, and both refuse the wrong status', () => {
    const paused = applyRequest(started(), req({ action: 'pause' }), ctx(30)).state;
    expect(paused.rollout).toMatchObject({ status: 'paused', paused_at: at(30).toISOString() });
    expect(resolve(paused, 600)?.rollout).toMatchObject({ step: 0, status: 'paused' });
    expect(refusal(() => applyRequest(paused, req({ action: 'pause' }), ctx(31)))).toBe('cannot pause: rollout "roll-x" in the global scope is already paused');
    const resumed = applyRequest(paused, req({ action: 'resume' }), ctx(130)).state;
    expect(resumed.rollout).toMatchObject({ status: 'progressing', paused_ms: 100 * MIN });
    expect(resumed.rollout?.paused_at).toBeUndefined();
    expect(resolve(resumed, 159)?.rollout).toMatchObject({ step: 0 });
    expect(resolve(resumed, 160)?.rollout).toMatchObject({ step: 1, percent: 50 });
    expect(refusal(() => applyRequest(resumed, req({ action: 'resume' }), ctx(131)))).toBe(
      'cannot resume: rollout "roll-x" in the global scope is not paused (it is progressing)',
    );
    expect(resumed.revision).toBe(4);
  });

  it('advance of a paused rollout moves its step and keeps it paused', () => {
    const paused = applyRequest(started(), req({ action: 'pause' }), ctx(30)).state;
    expect(applyRequest(paused, req({ action: 'advance' }), ctx(40)).state.rollout).toMatchObject({ step: 1, status: 'paused' });
  });

  it('abort puts everyone back on from, keeps the rollout as aborted and refuses to abort again', () => {
    const { state, entry } = applyRequest(started(), req({ action: 'abort', reason: 'errors up' }), ctx(70));
    expect(state.rollout).toMatchObject({ status: 'aborted', step: 1 });
    expect(state.active).toMatchObject({ persona: 'balanced', by: 'alice', reason: 'errors up' });
    expect(state.previous[0]?.persona).toBe('security-first');
    expect(entry).toMatchObject({ action: 'abort', persona: 'balanced' });
    expect(resolve(state, 70)).toMatchObject({ persona: 'balanced', cohort: 'none' });
    expect(refusal(() => applyRequest(state, req({ action: 'abort' }), ctx(71)))).toBe('cannot abort: rollout "roll-x" in the global scope was aborted');
  });

  it('rollout commands with no rollout in the scope are refused naming the scope', () => {
    const s = started();
    for (const action of ['advance', 'pause', 'resume', 'abort'] as const) {
      expect(refusal(() => applyRequest(s, req({ action, environment: 'production' }), ctx(1)))).toBe(
        `cannot ${action}: there is no rollout in environment "production"`,
      );
    }
  });

  it('a rollout completed by time is recorded as complete by the next write, with a note', () => {
    const { state, entry } = applyRequest(started(), req({ persona: 'x', environment: 'staging', reason: 'r' }), ctx(500));
    expect(state.rollout).toMatchObject({ status: 'complete', step: 2, updated_at: at(500).toISOString() });
    expect(entry.reason).toBe('r\n[rollout "roll-x" of the global scope completed by time]');
    expect(state.revision).toBe(3);
  });
});

describe('applyRequest: ttl', () => {
  const withTtl = () =>
    run(undefined, [
      [0, { persona: 'balanced' }],
      [0, { persona: 'freeze', ttl: '4h', correlation_id: 'ttl-1' }],
    ])!;

  it('records the expiry and what to revert to, and resolves back after it without a write', () => {
    const s = withTtl();
    expect(s.ttl).toEqual({ expires_at: at(240).toISOString(), revert_to: expect.objectContaining({ persona: 'balanced' }) });
    expect(resolve(s, 239)?.persona).toBe('freeze');
    expect(resolve(s, 240)).toMatchObject({ persona: 'balanced', ttl: { expired: true } });
  });

  it('is refused with nothing to revert to, and a bad ttl is a ConfigurationError', () => {
    expect(refusal(() => applyRequest(undefined, req({ persona: 'freeze', ttl: '4h' }), ctx(0)))).toMatch(/a ttl needs a persona to revert to/);
    expect(() => applyRequest(withTtl(), req({ persona: 'x', ttl: '-4h' }), ctx(0))).toThrow(/ttl "-4h" is not a duration/);
  });

  it('the next write folds an expired ttl in (once, with a note) and revision rises by one', () => {
    const { state, entry } = applyRequest(withTtl(), req({ persona: 'cost', reason: 'go' }), ctx(300));
    expect(state.revision).toBe(3);
    expect(state.ttl).toBeUndefined();
    expect(state.active?.persona).toBe('cost');
    expect(state.previous.map((p) => p.persona)).toEqual(['balanced', 'freeze', 'balanced']);
    expect(entry.reason).toBe(`go\n[ttl of the global scope expired at ${at(240).toISOString()}: "freeze" replaced by "balanced"]`);
  });

  it('a new ttl on top of a pending one reverts to what was there before either', () => {
    const { state } = applyRequest(withTtl(), req({ persona: 'freeze-harder', ttl: '8h' }), ctx(60));
    expect(state.ttl).toMatchObject({ expires_at: at(540).toISOString(), revert_to: { persona: 'balanced' } });
    expect(resolve(state, 540)?.persona).toBe('balanced');
  });

  it('a switch without a ttl ends a pending one', () => {
    expect(applyRequest(withTtl(), req({ persona: 'x' }), ctx(60)).state.ttl).toBeUndefined();
  });

  it('a rejection or a duplicate never folds the expiry (state unchanged apart from the ack)', () => {
    const s = withTtl();
    const rejected = recordRejection(s, req(), 'no', ctx(300)).state;
    expect({ ...rejected, acks: s.acks }).toEqual(s);
    const dup = applyRequest(s, req({ correlation_id: 'ttl-1', persona: 'freeze' }), ctx(300)).state;
    expect({ ...dup, acks: s.acks }).toEqual(s);
  });
});
