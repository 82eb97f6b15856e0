import { ConfigurationError } from '../../src/errors/configuration-error.js';
import {
  DEFAULT_INTERVAL,
  durationProblem,
  formatDuration,
  INTERVAL_BOUNDS,
  MAX_INTERVAL_MS,
  MAX_TTL_MS,
  MIN_INTERVAL_MS,
  parseDuration,
  TTL_BOUNDS,
} from '../../src/persona/duration.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * MINUTE],
    ['4h', 4 * HOUR],
    ['1h30m', 90 * MINUTE],
    ['90s', 90_000],
    ['2d', 2 * DAY],
    ['1d2h3m4s', DAY + 2 * HOUR + 3 * MINUTE + 4000],
    ['1h0m', HOUR],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text, 'ttl')).toBe(ms);
  });

  it.each(['', '0m', '0s', '1.5h', '-4h', '4 h', ' 4h', '4h ', '4H', '30m1h', '1h1h', 'h', '4', '4w', '1e3s', '+4h', '1,5h', '１h'])(
    'refuses %j, naming the field and quoting the value',
    (text) => {
      const problem = durationProblem(text, 'ttl');
      expect(problem).toMatch(/^ttl /);
      expect(problem).toContain(JSON.stringify(text));
      expect(() => parseDuration(text, 'ttl')).toThrow(ConfigurationError);
    },
  );

  it('refuses a number too long for the grammar instead of overflowing', () => {
    expect(durationProblem('9999999999999999999999h', 'ttl')).toMatch(/is not a duration/);
  });

  it('refuses what is not a string', () => {
    expect(durationProblem(30, 'interval')).toBe(
      'interval must be a string (a duration such as "30m", "4h", "1h30m" or "90s": whole numbers with the units d, h, m, s, largest first)',
    );
  });

  it('applies the ttl bounds: 1m to 90 days', () => {
    expect(parseDuration('90d', 'ttl', TTL_BOUNDS)).toBe(MAX_TTL_MS);
    expect(durationProblem('90d1s', 'ttl', TTL_BOUNDS)).toBe('ttl "90d1s" is longer than 90d');
    expect(durationProblem('59s', 'ttl', TTL_BOUNDS)).toBe('ttl "59s" is shorter than 1m');
    expect(durationProblem('999999999d', 'ttl', TTL_BOUNDS)).toBe('ttl "999999999d" is longer than 90d');
  });

  it('applies the interval bounds: 1m to 7 days', () => {
    expect(parseDuration('1m', 'interval', INTERVAL_BOUNDS)).toBe(MIN_INTERVAL_MS);
    expect(parseDuration('7d', 'interval', INTERVAL_BOUNDS)).toBe(MAX_INTERVAL_MS);
    expect(durationProblem('30s', 'interval', INTERVAL_BOUNDS)).toBe('interval "30s" is shorter than 1m');
    expect(durationProblem('8d', 'interval', INTERVAL_BOUNDS)).toBe('interval "8d" is longer than 7d');
  });

  it('cuts a long value in the message', () => {
    const long = `${'1'.repeat(200)}h`;
    const problem = durationProblem(long, 'ttl')!;
    expect(problem.length).toBeLessThan(250);
    expect(problem).toContain('…');
  });

  it('the default interval is a valid interval', () => {
    expect(parseDuration(DEFAULT_INTERVAL, 'interval', INTERVAL_BOUNDS)).toBe(30 * MINUTE);
  });
});

describe('formatDuration', () => {
  it.each([
    [90 * MINUTE, '1h30m'],
    [4 * HOUR, '4h'],
    [90_000, '1m30s'],
    [DAY + 4000, '1d4s'],
    [0, '0s'],
    [999, '0s'],
    [-5, '0s'],
    [1500, '1s'],
  ])('writes %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [MINUTE, 90 * MINUTE, 3 * DAY + 7 * HOUR + 1000, MAX_TTL_MS]) expect(parseDuration(formatDuration(ms), 'x')).toBe(ms);
  });
});
