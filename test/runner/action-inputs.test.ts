import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { bool, choice, lines, readInputs, text } from '../../src/runner/action-inputs.js';
import { MemoryRunner } from '../../src/runner/memory-runner.js';

describe('text', () => {
  it('returns the raw value', () => {
    expect(text()('security-first')).toBe('security-first');
    expect(text('balanced')('cost-optimization')).toBe('cost-optimization');
  });

  it('falls back when empty', () => {
    expect(text('balanced')('')).toBe('balanced');
    expect(text()('')).toBe('');
  });
});

describe('choice', () => {
  const parse = choice(['strict', 'weighted'], 'strict');

  it('accepts an option', () => {
    expect(parse('weighted')).toBe('weighted');
    expect(parse('strict')).toBe('strict');
  });

  it('falls back when empty', () => {
    expect(choice(['strict', 'weighted'], 'weighted')('')).toBe('weighted');
  });

  it('rejects anything else, listing the options and quoting the value', () => {
    expect(() => parse('lenient')).toThrow('expected one of strict, weighted, got "lenient"');
  });

  it('is case-sensitive', () => {
    expect(() => parse('Strict')).toThrow('got "Strict"');
  });
});

describe('bool', () => {
  it.each(['true', 'True', 'TRUE'])('reads %s as true', (raw) => {
    expect(bool(false)(raw)).toBe(true);
  });

  it.each(['false', 'False', 'FALSE'])('reads %s as false', (raw) => {
    expect(bool(true)(raw)).toBe(false);
  });

  it('falls back when empty', () => {
    expect(bool(true)('')).toBe(true);
    expect(bool(false)('')).toBe(false);
  });

  it.each(['yes', 'no', '1', '0', 'on', 'tRuE', 'y'])('rejects %s (not a YAML 1.2 core boolean)', (raw) => {
    expect(() => bool(true)(raw)).toThrow(`expected true or false, got ${JSON.stringify(raw)}`);
  });
});

describe('lines', () => {
  it('splits on LF and CRLF and trims each line', () => {
    expect(lines()('a\n  b  \r\nc\r\n')).toEqual(['a', 'b', 'c']);
  });

  it('drops blank lines and # comments, keeping a # inside an entry', () => {
    expect(lines()('# sources\n\npersonas/\n   # indented comment\n \nhttps://x.test/p.yml#sha256=ab\n')).toEqual([
      'personas/',
      'https://x.test/p.yml#sha256=ab',
    ]);
  });

  it('falls back when empty or only comments', () => {
    expect(lines(['.github/personas'])('')).toEqual(['.github/personas']);
    expect(lines(['.github/personas'])('# nothing\n\n')).toEqual(['.github/personas']);
    expect(lines()('')).toEqual([]);
  });

  it('returns a copy of the fallback, not the fallback itself', () => {
    const fallback = ['a'];
    const parse = lines(fallback);
    const first = parse('');
    first.push('b');
    expect(parse('')).toEqual(['a']);
    expect(fallback).toEqual(['a']);
  });
});

describe('readInputs', () => {
  const spec = {
    persona: text(),
    default: text('balanced'),
    library: lines(['.github/personas']),
    'on-conflict': choice(['strict', 'weighted'], 'strict'),
    cache: bool(true),
    artifact: bool(true),
  };

  it('reads every input into a typed object, by input name', () => {
    const runner = new MemoryRunner({ persona: ' security-first ', library: 'a\n# b\nc', 'on-conflict': 'weighted', cache: 'False' });
    expect(readInputs(runner, spec)).toEqual({
      persona: 'security-first',
      default: 'balanced',
      library: ['a', 'c'],
      'on-conflict': 'weighted',
      cache: false,
      artifact: true,
    });
  });

  it('uses every fallback when no input is set', () => {
    expect(readInputs(new MemoryRunner(), spec)).toEqual({
      persona: '',
      default: 'balanced',
      library: ['.github/personas'],
      'on-conflict': 'strict',
      cache: true,
      artifact: true,
    });
  });

  it('reports all bad inputs at once, each naming its input, as one ConfigurationError', () => {
    const runner = new MemoryRunner({ 'on-conflict': 'lenient', cache: 'yes', artifact: 'nope', persona: 'fine' });
    let caught: unknown;
    try {
      readInputs(runner, spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const error = caught as ConfigurationError;
    expect(error.diagnostics).toEqual([
      { message: 'input "on-conflict": expected one of strict, weighted, got "lenient"' },
      { message: 'input "cache": expected true or false, got "yes"' },
      { message: 'input "artifact": expected true or false, got "nope"' },
    ]);
    expect(error.message).toBe(error.diagnostics.map((d) => d.message).join('\n'));
  });

  it('passes the trimmed input to the parser', () => {
    expect(readInputs(new MemoryRunner({ cache: '  TRUE \n' }), { cache: bool(false) })).toEqual({ cache: true });
  });

  it('wraps a parser error with the input name', () => {
    const spec2 = {
      n: (raw: string): number => {
        if (!/^\d+$/.test(raw)) throw new Error(`not a number: ${raw}`);
        return Number(raw);
      },
    };
    expect(readInputs(new MemoryRunner({ n: '42' }), spec2)).toEqual({ n: 42 });
    expect(() => readInputs(new MemoryRunner({ n: 'x' }), spec2)).toThrow('input "n": not a number: x');
  });
});
