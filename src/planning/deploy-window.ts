/**
 * Deploy windows (`deploy_window in ["Mon-Fri 09:00-17:00", "Sat 10:00-12:00
 * Europe/Berlin"]`): when deployments may happen. A window is a set of days
 * (`Mon`, `Mon-Fri`, `Fri-Mon`, `Mon,Wed,Fri`), a time span (`09:00-17:00`;
 * `22:00-02:00` runs past midnight into the next day) and a time zone (UTC
 * unless an IANA zone is named). Within one persona the windows are
 * alternatives; across a blend each persona's windows must allow the moment
 * (checked at deploy time, never by intersecting strings). Pure: the moment
 * is an input, and zones are read through `Intl`.
 */

/** The days of the week as windows name them, Sunday first (as `Date.getUTCDay`). */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** One parsed window. */
export interface DeployWindow {
  /** As written. */
  text: string;
  /** The days it opens on (0 = Sunday). */
  days: ReadonlySet<number>;
  /** Minutes after local midnight; `end` ≤ `start` means the window runs past midnight. */
  start: number;
  end: number;
  /** IANA zone, `UTC` by default. */
  zone: string;
}

/** The longest window text read (a longer one is refused before any parsing). */
const MAX_WINDOW_CHARS = 100;
const DAY_PATTERN = /^[A-Z][a-z]{2}$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const ZONE_PATTERN = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** What a window looks like, for messages. */
const EXPECTED = 'days, a time span and optionally an IANA zone, such as "Mon-Fri 09:00-17:00" or "Sat 10:00-12:00 Europe/Berlin"';

/** Minutes of `HH:MM` (00:00–24:00), or undefined. */
function minutesOf(text: string): number | undefined {
  const m = TIME_PATTERN.exec(text);
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

/** The days of `Mon`, `Mon-Fri` (wrapping: `Fri-Mon`) or `Mon,Wed,Fri`, or undefined. */
function daysOf(text: string): Set<number> | undefined {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [from, to, ...rest] = part.split('-');
    if (rest.length || !from || !DAY_PATTERN.test(from) || (to !== undefined && !DAY_PATTERN.test(to))) return undefined;
    const a = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const b = to === undefined ? a : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    if (a < 0 || b < 0) return undefined;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days;
}

/** Whether `zone` is a time zone `Intl` knows. */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The window of `text`, or why it is not one (`problem`). */
export function parseDeployWindow(text: string): DeployWindow | { problem: string } {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  if (text.length > MAX_WINDOW_CHARS) return { problem: `deploy window ${shown} is longer than ${MAX_WINDOW_CHARS} characters` };
  const words = text.trim().split(/ +/);
  if (words.length < 2 || words.length > 3) return { problem: `deploy window ${shown} is not ${EXPECTED}` };
  const [dayText, spanText, zone = 'UTC'] = words as [string, string, string?];
  const days = daysOf(dayText);
  if (!days)
    return {
      problem: `deploy window ${shown}: unknown days ${JSON.stringify(dayText)} (use ${WEEKDAYS.join(', ')}, ranges such as Mon-Fri, or lists such as Mon,Wed)`,
    };
  const [startText = '', endText = '', ...more] = spanText.split('-');
  const start = minutesOf(startText);
  const end = minutesOf(endText);
  if (more.length || start === undefined || end === undefined || start === end)
    return { problem: `deploy window ${shown}: the time span ${JSON.stringify(spanText)} is not HH:MM-HH:MM with two different times` };
  if (!ZONE_PATTERN.test(zone) || !knownZone(zone))
    return { problem: `deploy window ${shown}: unknown time zone ${JSON.stringify(zone)} (an IANA name such as Europe/Berlin)` };
  return { text, days, start, end, zone };
}

/** One formatter per zone: building them is the costly part. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 = Sunday) and minutes after midnight of `at` in `zone`. */
export function localMoment(at: Date, zone: string): { day: number; minutes: number } {
  let format = formatters.get(zone);
  if (!format)
    formatters.set(
      zone,
      (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })),
    );
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS.indexOf(parts.weekday as (typeof WEEKDAYS)[number]), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Whether `window` is open at `at`: on one of its days between start and end
 * (local time of its zone; the end excluded), or, for a span past midnight,
 * after the start on one of its days or before the end on the day after.
 */
export function windowOpen(window: DeployWindow, at: Date): boolean {
  const { day, minutes } = localMoment(at, window.zone);
  if (window.start < window.end) return window.days.has(day) && minutes >= window.start && minutes < window.end;
  return (window.days.has(day) && minutes >= window.start) || (window.days.has((day + 6) % 7) && minutes < window.end);
}

/** The deploy windows one persona of a blend allows. */
export interface PersonaWindows {
  from: string;
  windows: readonly DeployWindow[];
}

/**
 * Whether a blend may deploy at `at`: every persona's windows must include
 * one open now (a persona's windows are alternatives). `closedBy` names the
 * personas none of whose windows is open.
 */
export function windowsAllow(personas: readonly PersonaWindows[], at: Date): { open: boolean; closedBy: string[] } {
  const closedBy = personas.filter((p) => !p.windows.some((w) => windowOpen(w, at))).map((p) => p.from);
  return { open: closedBy.length === 0, closedBy };
}
