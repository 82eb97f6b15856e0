/**
 * A hostile coverage report (written by the workflow's own tests, but read
 * by the action as a measured value that gates the step): each case is a
 * ConfigurationError naming the file and line, in bounded time, or safe
 * acceptance. Nothing is ever expanded or fetched.
 */
import { describe, expect, it } from '@jest/globals';
import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { readCoverageReport } from '../../src/planning/coverage-report.js';
import { configurationErrorOf } from '../support/configuration-error.js';

const FILE = 'coverage/lcov.info';
const MIB = 1024 * 1024;
const record = (lines: string[], source = 'src/a.ts'): string => ['TN:', `SF:${source}`, ...lines, 'end_of_record', ''].join('\n');

const problems = (text: string, file = FILE): Diagnostic[] => [...configurationErrorOf(() => readCoverageReport(text, file)).diagnostics];

/** Runs `read` and expects it to finish in `ms`. */
function timed<T>(ms: number, read: () => T): T {
  const started = performance.now();
  const result = read();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe('hostile coverage reports', () => {
  it('a count too large to add exactly is refused at its line', () => {
    expect(problems(record(['LF:99999999999999999999', 'LH:1']))).toEqual([
      { file: FILE, line: 3, message: 'LF: must be a non-negative whole number below 10^15, not "99999999999999999999"' },
    ]);
  });

  it('counts that add up past 2^53 are refused, not rounded', () => {
    const text = Array.from({ length: 10 }, (_, i) => record(['LF:999999999999999', 'LH:1'], `f${i}.c`)).join('');
    expect(problems(text)).toEqual([{ file: FILE, message: `the report's line counts add up to more than ${Number.MAX_SAFE_INTEGER}` }]);
  });

  it('negative counts are refused: in LF, and in a DA execution count', () => {
    expect(problems(record(['LF:-5', 'LH:0']))).toEqual([{ file: FILE, line: 3, message: 'LF: must be a non-negative whole number below 10^15, not "-5"' }]);
    expect(problems(record(['DA:1,1', 'DA:2,-1']))[0]).toEqual({
      file: FILE,
      line: 4,
      message: 'DA: must be <line>,<count> with whole numbers (a count is never negative), not "2,-1"',
    });
  });

  it('more lines hit than found is refused at the LH line', () => {
    expect(problems(record(['DA:1,1', 'LF:2', 'LH:3']))).toEqual([{ file: FILE, line: 5, message: 'the record says 3 lines hit but only 2 found (LH > LF)' }]);
  });

  it('NaN, Infinity and out-of-range rates are refused', () => {
    for (const rate of ['NaN', 'Infinity', '1e400', '-0.5', '1.5', '0x1', '']) {
      expect(problems(`<coverage line-rate="${rate}"/>`, 'c.xml')).toEqual([
        { file: 'c.xml', line: 1, message: `<coverage line-rate> must be a number from 0 to 1, not ${JSON.stringify(rate)}` },
      ]);
    }
    expect(problems('<coverage lines-valid="NaN" lines-covered="1"/>', 'c.xml')[0]!.message).toBe(
      '<coverage lines-valid> must be a non-negative whole number below 10^15, not "NaN"',
    );
  });

  it('lines-covered above lines-valid is refused', () => {
    expect(problems('<?xml version="1.0"?>\n<coverage lines-valid="3" lines-covered="4">', 'c.xml')).toEqual([
      { file: 'c.xml', line: 2, message: 'lines-covered (4) is more than lines-valid (3)' },
    ]);
  });

  it('an entity bomb in a DOCTYPE is refused before anything is expanded', () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE coverage [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<coverage line-rate="&lol10;"/>`;
    expect(timed(200, () => problems(bomb, 'c.xml'))).toEqual([
      { file: 'c.xml', line: 2, message: 'a DOCTYPE with an internal subset (entity declarations) is not accepted; entities are never expanded' },
    ]);
  });

  it('an entity reference in a value is never resolved', () => {
    expect(problems('<coverage line-rate="&rate;" lines-covered="&amp;"/>', 'c.xml')[0]!.message).toBe(
      '<coverage lines-covered> must be a non-negative whole number below 10^15, not "&amp;"',
    );
  });

  it('malformed XML is a located error', () => {
    expect(problems('<coverage\n  line-rate="0.5', 'c.xml')).toEqual([{ file: 'c.xml', line: 2, message: 'the value of "line-rate" is not closed' }]);
    expect(problems('<coverage line-rate="0.5"', 'c.xml')).toEqual([{ file: 'c.xml', line: 1, message: 'the <coverage> tag is not closed' }]);
    expect(problems('<coverage line-rate=0.5>', 'c.xml')[0]!.message).toBe('malformed attribute "line-rate=0.5>" in <coverage>: expected name="value"');
    expect(problems('<coverage a="1" a="2" line-rate="1">', 'c.xml')[0]!.message).toBe('attribute "a" is given twice');
    expect(problems('<!-- never closed <coverage line-rate="1"/>', 'c.xml')[0]!.message).toBe('a comment is not closed (no "-->")');
    expect(problems(`<?xml version="1.0"?>\n<![CDATA[x]]><coverage line-rate="1"/>`, 'c.xml')).toEqual([
      { file: 'c.xml', line: 2, message: 'no <coverage> root element found: not well-formed XML' },
    ]);
  });

  it('a missing root element is refused', () => {
    expect(problems('<?xml version="1.0"?>\n<!-- nothing else -->\n', 'c.xml')).toEqual([
      { file: 'c.xml', line: 3, message: 'no <coverage> root element found: not well-formed XML' },
    ]);
    expect(problems('<coverage branch-rate="0.5"></coverage>', 'c.xml')[0]!.message).toBe('<coverage> has neither lines-covered and lines-valid nor line-rate');
  });

  it('a 1 MiB single line of garbage is refused quickly, quoting at most a short cut of it', () => {
    const [problem] = timed(500, () => problems('X'.repeat(MIB)));
    expect(problem!.line).toBe(1);
    expect(problem!.message.length).toBeLessThan(200);
    const [inLcov] = timed(500, () => problems(`${record(['LF:1', 'LH:1'])}${'y'.repeat(MIB)}\n`));
    expect(inLcov).toMatchObject({ line: 6 });
    expect(inLcov!.message.length).toBeLessThan(120);
  });

  it('a 1 MiB source path or attribute value is accepted in linear time', () => {
    expect(timed(500, () => readCoverageReport(record(['LF:4', 'LH:1'], `src/${'a'.repeat(MIB)}.ts`), FILE))).toMatchObject({ percent: 25 });
    const xml = `<coverage junk="${'&'.repeat(MIB)}" lines-valid="8" lines-covered="2">`;
    expect(timed(500, () => readCoverageReport(xml, 'c.xml'))).toMatchObject({ percent: 25, format: 'cobertura' });
  });

  it('a 1 MiB report of DA lines reads in linear time', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `DA:${i + 1},${i % 4}`);
    expect(timed(1000, () => readCoverageReport(record(lines), FILE))).toEqual({ percent: 75, linesFound: 100_000, linesHit: 75_000, format: 'lcov' });
  });

  it('a truncated report (no end_of_record) is refused, not half counted', () => {
    expect(problems('TN:\nSF:a.c\nDA:1,1\nLF:1\n')).toEqual([
      { file: FILE, line: 4, message: 'the report ends inside a record (no end_of_record): is it truncated?' },
    ]);
  });

  it('empty, blank and binary input is refused', () => {
    expect(problems('')).toEqual([{ file: FILE, message: 'the coverage report is empty' }]);
    expect(problems(' \n\t\r\n')).toEqual([{ file: FILE, message: 'the coverage report is empty' }]);
    expect(problems('\u0000\u0001PK\u0003\u0004')[0]!.message).toMatch(/^not a coverage report: expected lcov/);
  });

  it('prototype-like attribute names are plain data', () => {
    const result = readCoverageReport('<coverage __proto__="1" constructor="x" lines-valid="2" lines-covered="1"/>', 'c.xml');
    expect(result).toEqual({ percent: 50, linesFound: 2, linesHit: 1, format: 'cobertura' });
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
