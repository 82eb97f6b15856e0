import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { decodePersonaText } from '../../src/library/persona-source.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const problem = (input: Uint8Array): unknown => {
  try {
    decodePersonaText(input, 'p/team.yml');
  } catch (error) {
    return error;
  }
  throw new Error('expected decodePersonaText to throw');
};

describe('decodePersonaText', () => {
  it('decodes UTF-8, keeping a byte order mark so the text encodes back to the same bytes', () => {
    expect(decodePersonaText(bytes('name: Café ✓\n'), 'p/team.yml')).toBe('name: Café ✓\n');
    const withBom = bytes([0xef, 0xbb, 0xbf], 'name: Café\n');
    expect(decodePersonaText(withBom, 'p/team.yml')).toBe('\uFEFFname: Café\n');
    expect(Buffer.from(decodePersonaText(withBom, 'p/team.yml'), 'utf8').equals(Buffer.from(withBom))).toBe(true);
    expect(decodePersonaText(new Uint8Array(), 'p/team.yml')).toBe('');
  });

  it.each([
    ['Latin-1', Buffer.from('name: Café\n', 'latin1')],
    ['a lone continuation byte', bytes('name: ', [0x80])],
    ['a truncated sequence at the end', bytes('name: Caf', [0xc3])],
    ['an overlong encoding', bytes([0xc0, 0xaf])],
  ])('refuses %s, naming the file', (_what, input) => {
    const error = problem(input);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe('p/team.yml: not UTF-8 text (persona files must be UTF-8)');
    expect((error as ConfigurationError).diagnostics).toEqual([{ file: 'p/team.yml', message: 'not UTF-8 text (persona files must be UTF-8)' }]);
  });

  it.each([
    ['little-endian', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: Team\n', 'utf16le')])],
    ['big-endian', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('name: Team\n', 'utf16le').swap16()])],
  ])('says a file with a %s UTF-16 byte order mark is UTF-16', (_what, input) => {
    const error = problem(input);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics).toEqual([{ file: 'p/team.yml', message: 'is UTF-16; save it as UTF-8' }]);
    expect((error as ConfigurationError).message).toBe('p/team.yml: is UTF-16; save it as UTF-8');
  });
});
