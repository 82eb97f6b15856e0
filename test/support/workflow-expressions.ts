/**
 * A small evaluator of GitHub Actions expressions (`${{ … }}`), enough for
 * the test harnesses that run action metadata and workflows step by step
 * (composite-runner.ts). It knows property access on the contexts it is
 * given (`inputs.name`, `steps.check.outputs.dir`, `github.run_id`,
 * `runner.temp`, `env.X`), string, number, boolean and null literals,
 * `!`, `==`, `!=`, `&&`, `||`, parentheses and the status functions
 * `success()`, `failure()`, `always()`, `cancelled()`, with GitHub's
 * semantics (loose, case-insensitive equality; `&&`/`||` yield an operand).
 * Anything else (indexes, other operators, other functions, unknown
 * contexts) throws: a test must never pass on syntax the harness ignored.
 */

/** A value an expression yields. */
export type ExpressionValue = string | number | boolean | null | { [key: string]: ExpressionValue };

/** What an expression is evaluated against. */
export interface ExpressionScope {
  /** Context name → value (`inputs`, `steps`, `github`, `runner`, `env`). */
  contexts: Record<string, ExpressionValue>;
  /** Contexts whose first-level keys must exist (`inputs`, `steps`): a typo throws instead of yielding null. */
  strict?: readonly string[];
  /** For the status functions: whether an earlier step failed. */
  failed?: boolean;
}

type Token = { kind: 'op' | 'ident' | 'literal'; text: string; value?: ExpressionValue };

const OPERATORS = ['==', '!=', '&&', '||', '!', '(', ')', '.'];
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

/** Splits an expression into tokens; throws on any character it does not support. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    const string = /^'((?:[^']|'')*)'/.exec(rest);
    const number = /^-?\d+(\.\d+)?(?![\w-])/.exec(rest);
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (space) i += space[0].length;
    else if (string) {
      tokens.push({ kind: 'literal', text: string[0], value: string[1]!.replace(/''/g, "'") });
      i += string[0].length;
    } else if (number) {
      tokens.push({ kind: 'literal', text: number[0], value: Number(number[0]) });
      i += number[0].length;
    } else if (ident) {
      const word = ident[0];
      const literal = { true: true, false: false, null: null }[word];
      tokens.push(literal === undefined ? { kind: 'ident', text: word } : { kind: 'literal', text: word, value: literal });
      i += word.length;
    } else if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else throw new Error(`expression ${JSON.stringify(source)}: unsupported syntax at ${JSON.stringify(rest.slice(0, 10))}`);
  }
  return tokens;
}

/** Truthiness as GitHub defines it: false, 0, -0, '', null and NaN are falsy. */
export function truthy(value: ExpressionValue): boolean {
  return !(value === false || value === null || value === '' || (typeof value === 'number' && (value === 0 || Number.isNaN(value))));
}

/** A value coerced to a number for a comparison of mixed types. */
function toNumber(value: ExpressionValue): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return NaN;
}

/** `==`: strings case-insensitively, same types strictly, mixed types as numbers. */
function looseEquals(a: ExpressionValue, b: ExpressionValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (typeof a !== 'object' || a === null || b === null)) return a === b;
  if (typeof a === 'object' && a !== null) return a === b;
  return toNumber(a) === toNumber(b);
}

/** A recursive-descent evaluator over the tokens of one expression. */
class Evaluator {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly scope: ExpressionScope,
  ) {}

  run(): ExpressionValue {
    const value = this.or();
    if (this.at < this.tokens.length) this.fail(`unexpected ${JSON.stringify(this.tokens[this.at]!.text)}`);
    return value;
  }

  private fail(message: string): never {
    throw new Error(`expression ${JSON.stringify(this.source)}: ${message}`);
  }
  private peek(text: string): boolean {
    return this.tokens[this.at]?.kind === 'op' && this.tokens[this.at]!.text === text;
  }
  private expect(text: string): void {
    if (!this.peek(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.at++;
  }

  private or(): ExpressionValue {
    let value = this.and();
    while (this.peek('||')) {
      this.at++;
      const right = this.and();
      value = truthy(value) ? value : right;
    }
    return value;
  }
  private and(): ExpressionValue {
    let value = this.equality();
    while (this.peek('&&')) {
      this.at++;
      const right = this.equality();
      value = truthy(value) ? right : value;
    }
    return value;
  }
  private equality(): ExpressionValue {
    let value = this.unary();
    while (this.peek('==') || this.peek('!=')) {
      const negate = this.tokens[this.at++]!.text === '!=';
      value = looseEquals(value, this.unary()) !== negate;
    }
    return value;
  }
  private unary(): ExpressionValue {
    if (!this.peek('!')) return this.primary();
    this.at++;
    return !truthy(this.unary());
  }
  private primary(): ExpressionValue {
    const token = this.tokens[this.at++];
    if (!token) return this.fail('unexpected end');
    if (token.kind === 'literal') return token.value ?? null;
    if (token.kind === 'op' && token.text === '(') {
      const value = this.or();
      this.expect(')');
      return value;
    }
    if (token.kind !== 'ident') return this.fail(`unexpected ${JSON.stringify(token.text)}`);
    if (this.peek('(')) return this.call(token.text);
    return this.property(token.text);
  }
  private call(name: string): ExpressionValue {
    this.expect('(');
    this.expect(')');
    if (!STATUS_FUNCTIONS.includes(name)) this.fail(`function ${name}() is not supported by this harness`);
    const failed = this.scope.failed ?? false;
    return name === 'always' ? true : name === 'failure' ? failed : name === 'success' ? !failed : false;
  }
  private property(context: string): ExpressionValue {
    const known = Object.keys(this.scope.contexts).find((k) => k.toLowerCase() === context.toLowerCase());
    if (known === undefined) this.fail(`context ${JSON.stringify(context)} is not available here (known: ${Object.keys(this.scope.contexts).join(', ')})`);
    let value: ExpressionValue = this.scope.contexts[known]!;
    for (let depth = 0; this.peek('.'); depth++) {
      this.at++;
      const name = this.tokens[this.at++];
      if (name?.kind !== 'ident') this.fail('expected a property name after "."');
      const key: string | undefined =
        value && typeof value === 'object' ? Object.keys(value).find((k) => k.toLowerCase() === name.text.toLowerCase()) : undefined;
      if (key === undefined && depth === 0 && this.scope.strict?.includes(known)) this.fail(`${known}.${name.text} does not exist`);
      value = key === undefined ? null : (value as Record<string, ExpressionValue>)[key]!;
    }
    return value;
  }
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expression: string, scope: ExpressionScope): ExpressionValue {
  return new Evaluator(expression, tokenize(expression), scope).run();
}

/** A value as interpolation writes it: null → '', booleans and numbers as text; objects are refused. */
export function asText(value: ExpressionValue): string {
  if (value === null) return '';
  if (typeof value === 'object') throw new Error('an object cannot be interpolated into a string (use toJSON, which this harness does not support)');
  return String(value);
}

/** Replaces every `${{ … }}` of `template` by its value as text; the rest is kept verbatim. */
export function interpolate(template: string, scope: ExpressionScope): string {
  let out = '';
  let i = 0;
  for (let start = template.indexOf('${{', i); start !== -1; start = template.indexOf('${{', i)) {
    let end = start + 3;
    for (let quoted = false; end < template.length && (quoted || !template.startsWith('}}', end)); end++) if (template[end] === "'") quoted = !quoted;
    if (end >= template.length) throw new Error(`unclosed \${{ in ${JSON.stringify(template)}`);
    out += template.slice(i, start) + asText(evaluate(template.slice(start + 3, end), scope));
    i = end + 2;
  }
  return out + template.slice(i);
}

/**
 * An `if:` condition: with or without `${{ }}` around it, and, as GitHub
 * does, `success() && (…)` unless it calls a status function itself.
 */
export function condition(text: string, scope: ExpressionScope): boolean {
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  const expression = whole ? whole[1]! : text;
  const statusCalled = STATUS_FUNCTIONS.some((f) => new RegExp(`\\b${f}\\s*\\(`).test(expression));
  return truthy(evaluate(statusCalled ? expression : `success() && (${expression})`, scope));
}
