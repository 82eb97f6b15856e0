import { describe, expect, it } from '@jest/globals';
import { MAX_QUOTED_CHARS, quote } from '../../src/errors/quote.js';

describe('quote', () => {
  it('JSON-quotes a short value as written', () => {
    expect(quote('cost-optimization')).toBe('"cost-optimization"');
  });

  it('cuts a long value to the limit with an ellipsis', () => {
    const quoted = quote('x'.repeat(500));
    expect(JSON.parse(quoted)).toBe(`${'x'.repeat(MAX_QUOTED_CHARS - 1)}…`);
  });

  it('shows control characters as escapes, never raw', () => {
    expect(quote('a\u001b]0;pwned\u0007b\nc')).toBe('"a\\u001b]0;pwned\\u0007b\\nc"');
  });
});
