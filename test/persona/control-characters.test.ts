import {
  controlCharacterMessage,
  firstControlCharacter,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_IN_FREE_TEXT,
} from '../../src/persona/control-characters.js';

describe('control characters', () => {
  it.each([
    ['\u0000', 0x0000],
    ['\u0007', 0x0007],
    ['\u001b', 0x001b],
    ['\u001f', 0x001f],
    ['\u007f', 0x007f],
    ['\u202a', 0x202a],
    ['\u202e', 0x202e],
    ['\u2066', 0x2066],
    ['\u2069', 0x2069],
    ['\t', 0x0009],
    ['\n', 0x000a],
    ['\r', 0x000d],
  ])('refuses %j in a name', (ch, codePoint) => {
    expect(NO_CONTROL_CHARACTERS.test(`ab${ch}c`)).toBe(false);
    expect(firstControlCharacter(`ab${ch}c`)).toEqual({ codePoint, position: 3 });
  });

  it.each(['plain', 'Sécurité', '安全', 'emoji 🚀', '\u00a0nbsp', '\u2028', '\u200f', '\u2065', '\u206a'])('accepts %j', (text) => {
    expect(NO_CONTROL_CHARACTERS.test(text)).toBe(true);
    expect(firstControlCharacter(text)).toBeUndefined();
  });

  it('lets free text hold line feeds and tabs, nothing else of these', () => {
    expect(NO_CONTROL_CHARACTERS_IN_FREE_TEXT.test('one\n\ttwo')).toBe(true);
    expect(NO_CONTROL_CHARACTERS_IN_FREE_TEXT.test('one\r\ntwo')).toBe(false);
    expect(firstControlCharacter('one\n\u001b', true)).toEqual({ codePoint: 0x1b, position: 5 });
  });

  it('names the field, the character and its position, never the text', () => {
    expect(controlCharacterMessage('name', 'abc\u001b]0;title\u0007')).toBe('name contains a control character (U+001B) at position 4');
    expect(controlCharacterMessage('metric', 'x\u202ey')).toBe('metric contains a bidirectional control character (U+202E) at position 2');
    expect(controlCharacterMessage('description', 'a\rb', true)).toBe(
      'description contains a control character (U+000D) at position 2 (only line feeds and tabs are allowed)',
    );
    expect(controlCharacterMessage('name', 'fine')).toBeUndefined();
    expect(controlCharacterMessage('name', 3)).toBeUndefined();
  });

  it('checks a megabyte in linear time', () => {
    const text = `${'a'.repeat(1_000_000)}\u0000`;
    const start = performance.now();
    expect(NO_CONTROL_CHARACTERS.test(text)).toBe(false);
    expect(firstControlCharacter(text)?.position).toBe(1_000_001);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
