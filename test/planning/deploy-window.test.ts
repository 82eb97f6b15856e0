/** Deploy windows: parsing, zones (with summer time), spans past midnight, and the blend rule. */
import { type DeployWindow, parseDeployWindow, windowOpen, windowsAllow } from '../../src/planning/deploy-window.js';

const parse = (text: string): DeployWindow => {
  const w = parseDeployWindow(text);
  if ('problem' in w) throw new Error(w.problem);
  return w;
};
const problem = (text: string) => {
  const w = parseDeployWindow(text);
  return 'problem' in w ? w.problem : undefined;
};
// 2026-11-30 is a Monday.
const at = (iso: string) => new Date(iso);

describe('parseDeployWindow', () => {
  it('reads days, ranges, lists, spans and zones (UTC by default)', () => {
    const w = parse('Mon-Fri 09:00-17:00');
    expect([...w.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([w.start, w.end, w.zone]).toEqual([540, 1020, 'UTC']);
    expect([...parse('Fri-Mon 00:00-24:00').days].sort()).toEqual([0, 1, 5, 6]);
    expect([...parse('Mon,Wed,Sat 10:00-12:00 Europe/Berlin').days].sort()).toEqual([1, 3, 6]);
  });

  it.each([
    ['Monday 09:00-17:00', /unknown days "Monday"/],
    ['Mon-Fri 9:00-17:00', /time span "9:00-17:00"/],
    ['Mon 10:00-10:00', /two different times/],
    ['Mon 24:30-25:00', /time span/],
    ['Mon 09:00-17:00 Mars/Olympus', /unknown time zone "Mars\/Olympus"/],
    ['Mon', /is not days, a time span/],
    ['Mon-Tue-Wed 09:00-10:00', /unknown days/],
    [`Mon 09:00-17:00 ${'x'.repeat(200)}`, /longer than 100 characters/],
  ])('refuses %j', (text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it('reads a hostile 100,000-character window in bounded time', () => {
    const start = performance.now();
    expect(problem(`Mon ${'0'.repeat(100_000)}`)).toMatch(/longer than/);
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('windowOpen', () => {
  it('opens on its days between start and end, the end excluded', () => {
    const w = parse('Mon-Fri 09:00-17:00');
    expect(windowOpen(w, at('2026-11-30T09:00:00Z'))).toBe(true);
    expect(windowOpen(w, at('2026-11-30T16:59:00Z'))).toBe(true);
    expect(windowOpen(w, at('2026-11-30T17:00:00Z'))).toBe(false);
    expect(windowOpen(w, at('2026-11-29T12:00:00Z'))).toBe(false); // Sunday
  });

  it('follows the named zone, summer time included', () => {
    const berlin = parse('Mon 09:00-10:00 Europe/Berlin');
    expect(windowOpen(berlin, at('2026-11-30T08:30:00Z'))).toBe(true); // 09:30 CET (UTC+1)
    expect(windowOpen(berlin, at('2026-11-30T09:30:00Z'))).toBe(false);
    expect(windowOpen(berlin, at('2026-06-29T07:30:00Z'))).toBe(true); // a Monday, 09:30 CEST (UTC+2)
  });

  it('runs a span past midnight into the next day', () => {
    const night = parse('Fri 22:00-02:00');
    expect(windowOpen(night, at('2026-12-04T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(windowOpen(night, at('2026-12-05T01:30:00Z'))).toBe(true); // Saturday 01:30
    expect(windowOpen(night, at('2026-12-05T02:00:00Z'))).toBe(false);
    expect(windowOpen(night, at('2026-12-04T01:00:00Z'))).toBe(false); // Friday 01:00: Thursday is not a day of it
  });
});

describe('windowsAllow (a blend)', () => {
  it("opens only when every persona has an open window; a persona's windows are alternatives", () => {
    const office = { from: 'stability', windows: [parse('Mon-Fri 09:00-17:00'), parse('Sat 10:00-12:00')] };
    const morning = { from: 'security-first', windows: [parse('Mon-Sun 06:00-12:00')] };
    expect(windowsAllow([office, morning], at('2026-11-30T10:00:00Z'))).toEqual({ open: true, closedBy: [] });
    expect(windowsAllow([office, morning], at('2026-11-30T13:00:00Z'))).toEqual({ open: false, closedBy: ['security-first'] });
    expect(windowsAllow([office, morning], at('2026-12-05T11:00:00Z'))).toEqual({ open: true, closedBy: [] }); // Saturday
    expect(windowsAllow([office, morning], at('2026-12-06T11:00:00Z'))).toEqual({ open: false, closedBy: ['stability'] }); // Sunday
  });
});
