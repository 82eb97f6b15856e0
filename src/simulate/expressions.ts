/**
 * GitHub Actions expressions for the simulator, evaluated by GitHub's own
 * `@actions/expressions` (lexer, parser, evaluator, the built-in functions
 * `contains`, `format`, `fromJSON`, `toJSON`, `join`…), with the status
 * functions a runner adds (`success()`, `failure()`, `always()`,
 * `cancelled()`) and `hashFiles()` reported as unsupported. Contexts are
 * plain JSON values; results come back as plain JSON values.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from './workflow-file.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/** A plain JSON value, as contexts hold and expressions yield. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What an expression is evaluated against. */
export interface ExpressionScope {
  /** Context name → value (`github`, `inputs`, `vars`, `secrets`, `needs`, `steps`, `matrix`, `env`, `runner`, `job`, `strategy`). */
  contexts: Record<string, Json>;
  /** Whether an earlier step (or a needed job) failed, for `success()` / `failure()`. */
  failed: boolean;
}

/** A function the evaluator calls, as `@actions/expressions` defines it. */
type FunctionDefinition = NonNullable<ConstructorParameters<typeof Evaluator>[2]> extends Map<string, infer F> ? F : never;

/** The status functions, bound to whether something failed. */
function statusFunctions(failed: boolean): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) },
  ];
  const hashFiles: FunctionDefinition = {
    name: 'hashFiles',
    minArgs: 1,
    maxArgs: 255,
    call: () => {
      throw new ConfigurationError('hashFiles() is not supported by the simulator (it would hash the workspace)');
    },
  };
  return new Map([fn('success', () => !failed), fn('failure', () => failed), fn('always', () => true), fn('cancelled', () => false), ['hashfiles', hashFiles]]);
}

/** The parser's type of a `null` token. */
const NULL_TOKEN = 7;

const STATUS_INFO = ['success', 'failure', 'always', 'cancelled', 'hashFiles'].map((name) => ({ name, minArgs: 0, maxArgs: 255 }));

/** Evaluates one expression (the text inside `${{ }}`) to a plain value. */
export function evaluate(expression: string, scope: ExpressionScope): Json {
  const lexed = new Lexer(expression).lex();
  let parsed;
  try {
    parsed = new Parser(lexed.tokens, Object.keys(scope.contexts), STATUS_INFO).parse();
  } catch (error) {
    throw new ConfigurationError(`expression ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
  const context = JSON.parse(JSON.stringify(scope.contexts), data.reviver) as data.Dictionary;
  try {
    const result = new Evaluator(parsed, context, statusFunctions(scope.failed)).evaluate();
    return JSON.parse(JSON.stringify(result, data.replacer) ?? 'null') as Json;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`expression ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}

/** An expression result as the runner turns it into text: '' for null, `true`/`false`, JSON for objects. */
export function asText(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** A condition's truth, as `if:` reads it (GitHub's truthiness: '', 0, false, null are false). */
export function truthy(value: Json): boolean {
  return !(value === null || value === false || value === 0 || value === '' || Number.isNaN(value));
}

/** `if:` text as the runner reads it: `${{ }}` optional; with no status function it is `success() && (…)`. */
export function condition(text: string | undefined, scope: ExpressionScope): boolean {
  const bare = (text ?? '')
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  if (!bare) return !scope.failed;
  const withStatus = /\b(success|failure|always|cancelled)\s*\(/.test(bare) ? bare : `success() && (${bare})`;
  return truthy(evaluate(withStatus, scope));
}

/** A string with `${{ … }}` parts (action metadata, composite steps) evaluated and joined. */
export function interpolate(text: string, scope: ExpressionScope): Json {
  const parts: Json[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) break;
    const end = rest.indexOf('}}', start + 3);
    if (end < 0) throw new ConfigurationError(`unterminated expression in ${JSON.stringify(text.slice(0, 80))}`);
    if (start > 0) parts.push(rest.slice(0, start));
    parts.push(evaluate(rest.slice(start + 3, end), scope));
    rest = rest.slice(end + 2);
  }
  if (rest) parts.push(rest);
  if (parts.length === 1) return parts[0]!;
  return parts.map(asText).join('');
}

/** A workflow template token (the parser's tree) evaluated to a plain value. */
export function evaluateToken(token: TemplateToken | undefined, scope: ExpressionScope): Json {
  if (!token) return null;
  if (isBasicExpression(token)) return evaluate(token.expression, scope);
  if (isString(token)) return token.value;
  if (isBoolean(token) || isNumber(token)) return token.value;
  if (token.templateTokenType === NULL_TOKEN) return null;
  if (isSequence(token)) {
    const items: Json[] = [];
    for (let i = 0; i < token.count; i++) items.push(evaluateToken(token.get(i), scope));
    return items;
  }
  if (isMapping(token)) {
    const out: Record<string, Json> = {};
    for (let i = 0; i < token.count; i++) {
      const pair = token.get(i);
      out[asText(evaluateToken(pair.key, scope))] = evaluateToken(pair.value, scope);
    }
    return out;
  }
  throw new ConfigurationError(`unsupported workflow syntax at line ${token.range?.start.line ?? '?'}`);
}

/** A mapping token's values as strings (`with:`, `env:`), each evaluated. */
export function evaluateStrings(token: TemplateToken | undefined, scope: ExpressionScope): Record<string, string> {
  const value = evaluateToken(token, scope);
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigurationError(`expected a mapping at line ${token?.range?.start.line ?? '?'}`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
}
