import { terminalText } from '../../src/report/terminal-text.js';

describe('terminalText', () => {
  it('shows an OSC title change and a screen clear as visible escapes', () => {
    expect(terminalText('\u001b]0;pwned\u0007name')).toBe('\\u001b]0;pwned\\u0007name');
    expect(terminalText('\u001b[2J\u001b[H')).toBe('\\u001b[2J\\u001b[H');
  });

  it('escapes every C0 control but tab and line feed, DEL, C1 controls and bidi overrides and isolates', () => {
    const unsafe = [
      ...Array.from({ length: 32 }, (_, i) => i).filter((c) => c !== 9 && c !== 10),
      0x7f,
      ...Array.from({ length: 32 }, (_, i) => 0x80 + i),
      0x202a,
      0x202b,
      0x202c,
      0x202d,
      0x202e,
      0x2066,
      0x2067,
      0x2068,
      0x2069,
    ];
    for (const c of unsafe) expect(terminalText(String.fromCharCode(c))).toBe(`\\u${c.toString(16).padStart(4, '0')}`);
  });

  it('leaves tabs, line feeds and printable text of any script alone', () => {
    const text = 'Persona: Débit\tlatency 延迟 ✓\n  id: a-b\n';
    expect(terminalText(text)).toBe(text);
  });

  it('keeps JSON valid and equal in meaning', () => {
    const value = { name: '\u001b]0;x\u0007 \u009b2J \u202egnp.exe \u007f', list: ['\u2066a\u2069'] };
    const safe = terminalText(JSON.stringify(value, null, 2));
    expect(safe).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(safe)).toEqual(value);
  });
});
