import { diagnosticProperties, escapeData, escapeProperty, workflowCommand } from '../../src/runner/workflow-commands.js';

describe('escapeData', () => {
  it('escapes %, CR and LF, % first so escapes are not escaped twice', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('leaves : and , alone in a message', () => {
    expect(escapeData('a: b, c')).toBe('a: b, c');
  });

  it('returns plain text unchanged', () => {
    expect(escapeData('plain text')).toBe('plain text');
    expect(escapeData('')).toBe('');
  });
});

describe('escapeProperty', () => {
  it('escapes %, CR, LF, : and ,', () => {
    expect(escapeProperty('a:b,c%d\re\nf')).toBe('a%3Ab%2Cc%25d%0De%0Af');
  });

  it('does not double-escape the % of its own escapes', () => {
    expect(escapeProperty('x:y')).toBe('x%3Ay');
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('escapes every occurrence, not only the first', () => {
    expect(escapeProperty('a,b,c:d:e')).toBe('a%2Cb%2Cc%3Ad%3Ae');
    expect(escapeData('\n\n')).toBe('%0A%0A');
  });
});

describe('workflowCommand', () => {
  it('writes ::command::message without properties', () => {
    expect(workflowCommand('debug', 'hello')).toBe('::debug::hello');
    expect(workflowCommand('warning', 'two\nlines', {})).toBe('::warning::two%0Alines');
  });

  it('writes properties as key=value joined by commas, in the given order, escaped', () => {
    expect(workflowCommand('error', 'bad: thing', { file: 'dir/a,b.yml', line: 4, col: 15 })).toBe('::error file=dir/a%2Cb.yml,line=4,col=15::bad: thing');
  });

  it('escapes property values and the message differently', () => {
    expect(workflowCommand('set-output', 'a:b,c', { name: 'x:y' })).toBe('::set-output name=x%3Ay::a:b,c');
  });

  it('drops undefined and empty properties, and the space when none remain', () => {
    expect(workflowCommand('notice', 'm', { file: 'f.yml', line: undefined, col: '' })).toBe('::notice file=f.yml::m');
    expect(workflowCommand('notice', 'm', { title: undefined, file: '' })).toBe('::notice::m');
  });

  it('keeps 0 as a property value', () => {
    expect(workflowCommand('notice', 'm', { line: 0 })).toBe('::notice line=0::m');
  });
});

describe('diagnosticProperties', () => {
  it('maps file, line and column to the runner names file, line and col', () => {
    expect(diagnosticProperties({ file: 'a.yml', line: 3, column: 7, path: 'x.y' })).toEqual({ file: 'a.yml', line: 3, col: 7 });
  });

  it('is empty without a file, even with a line or path', () => {
    expect(diagnosticProperties(undefined)).toEqual({});
    expect(diagnosticProperties({})).toEqual({});
    expect(diagnosticProperties({ line: 3, column: 1, path: 'x' })).toEqual({});
  });

  it('feeds workflowCommand, leaving out an unknown line and column', () => {
    expect(workflowCommand('error', 'm', { ...diagnosticProperties({ file: 'a.yml' }) })).toBe('::error file=a.yml::m');
    expect(workflowCommand('error', 'm', { ...diagnosticProperties({ file: 'a.yml', line: 2, column: 5 }) })).toBe('::error file=a.yml,line=2,col=5::m');
  });
});
