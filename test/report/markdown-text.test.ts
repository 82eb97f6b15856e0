import { chartLabel, code, codeSpan, escapeHtml, inlineText, markdownTable, replaceLineBreaks } from '../../src/report/markdown-text.js';
import { codeSpansIn, withoutCodeSpans } from './markdown-structure.js';

describe('escapeHtml', () => {
  it('escapes & < > " and \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('replaceLineBreaks', () => {
  it('replaces CR LF, CR, LF, NEL, U+2028 and U+2029, a CR LF counting once', () => {
    expect(replaceLineBreaks('a\r\nb\rc\nd\u0085e\u2028f\u2029g', '|')).toBe('a|b|c|d|e|f|g');
  });
});

describe('inlineText', () => {
  it('escapes markdown punctuation and HTML, and turns line breaks into <br> or a space', () => {
    expect(inlineText('*a* _b_ [c](d) `e` ~f~ $g$ \\ | <h>')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\~f\\~ \\$g\\$ \\\\ \\| &lt;h&gt;');
    expect(inlineText('one\ntwo')).toBe('one<br>two');
    expect(inlineText('Team #')).toBe('Team \\#');
    expect(inlineText('one\r\ntwo', ' ')).toBe('one two');
  });

  it('leaves ordinary text alone', () => {
    expect(inlineText('Security First + Cost Optimization: 2-step, v1.2 (beta)')).toBe('Security First + Cost Optimization: 2-step, v1.2 (beta)');
    expect(inlineText(0.25)).toBe('0.25');
  });
});

describe('codeSpan', () => {
  it('uses one backtick for a value without any', () => {
    expect(codeSpan('replicas >= 2')).toBe('`replicas >= 2`');
  });

  it('uses a fence one longer than the longest backtick run, padded, so the value reads back as written', () => {
    for (const value of ['a`b', '`start', 'end`', 'a``b```c', '``']) {
      const span = codeSpan(value);
      expect(codeSpansIn(span)).toEqual([value]);
      expect(withoutCodeSpans(`x ${span} y`)).toBe('x  y');
    }
    expect(codeSpan('a``b')).toBe('``` a``b ```');
  });

  it('keeps a value that starts and ends with a space as written', () => {
    expect(codeSpansIn(codeSpan(' x '))).toEqual([' x ']);
  });

  it('turns line breaks into spaces, and escapes | only in a table', () => {
    expect(codeSpan('a\nb\u2028c')).toBe('`a b c`');
    expect(codeSpan('a|b')).toBe('`a|b`');
    expect(codeSpan('a|b', true)).toBe('`a\\|b`');
  });

  it('writes an empty value as a space', () => {
    expect(codeSpan('')).toBe('` `');
  });
});

describe('markdownTable', () => {
  it('writes one line per row, code cells and lists of code cells', () => {
    expect(
      markdownTable(
        ['Metric', 'From'],
        [
          [code('cost'), [code('a'), code('b')]],
          ['x|y\nz', 1],
        ],
      ),
    ).toBe('| Metric | From |\n| --- | --- |\n| `cost` | `a`, `b` |\n| x\\|y<br>z | 1 |\n');
  });

  it('is _none_ without rows', () => {
    expect(markdownTable(['A'], [])).toBe('_none_\n');
  });
});

describe('chartLabel', () => {
  it('keeps letters and digits of any script and a few safe signs, replacing the rest', () => {
    expect(chartLabel('débit (p95), x+y: a/b_c.d-e')).toBe('"débit (p95), x+y: a/b_c.d-e"');
    expect(chartLabel('a"b#c;d%e<f>g&h`i')).toBe('"a_b_c_d_e_f_g_h_i"');
    expect(chartLabel('a\nb\u2029c')).toBe('"a b c"');
  });

  it('cuts a label to 40 characters, counting code points', () => {
    expect(chartLabel('x'.repeat(50))).toBe(`"${'x'.repeat(40)}"`);
    expect(chartLabel('延'.repeat(41))).toBe(`"${'延'.repeat(40)}"`);
  });
});
