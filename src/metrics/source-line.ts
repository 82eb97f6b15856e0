/**
 * One line of the `metrics` input taken apart: its kind, its target and,
 * for the HTTP kinds, the request headers its options ask for.
 *
 * ```
 * prometheus:http://prometheus.monitoring:9090 token-env=PROM_TOKEN
 * prometheus:https://mimir.example.com/prometheus basic-auth-env=MIMIR_AUTH header=X-Scope-OrgID:MIMIR_TENANT
 * url:https://status.example.com/metrics.json header=X-Api-Key:STATUS_KEY
 * command:./scripts/read-metrics.sh --service web
 * file:test/replays/pass.jsonl
 * ```
 *
 * Credentials are never written on the line (it is logged and shown in
 * summaries): the options name environment variables holding them, and
 * their values are masked as soon as they are read.
 */
import { quote } from '../errors/quote.js';

/** The kinds of source, in the order messages list them. */
export const SOURCE_KINDS = ['prometheus', 'url', 'command', 'file'] as const;
/** One kind of source. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A line of the `metrics` input, checked. */
export type SourceSpec =
  | { kind: 'prometheus'; label: string; url: URL; headers: Record<string, string> }
  | { kind: 'url'; label: string; url: URL; headers: Record<string, string> }
  | { kind: 'command'; label: string; command: string }
  | { kind: 'file'; label: string; path: string };

/** What reading a line needs: the environment its options name, and the mask for what they hold. */
export interface LineEnvironment {
  env: NodeJS.ProcessEnv;
  mask: (secret: string) => void;
}

/** The most characters of one line. */
export const MAX_LINE_CHARS = 4096;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Headers the source sets itself, or that would change how the request is framed. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'accept-encoding', 'user-agent', 'accept', 'te', 'upgrade']);

/**
 * Reads one (trimmed, non-empty, non-comment) line. `prometheus:` and `url:`
 * take a URL then options (`token-env=`, `basic-auth-env=`, `header=Name:ENV`);
 * `command:` and `file:` take the rest of the line as they are.
 * @returns the spec, or every problem of the line (sentences without location).
 */
export function readSourceLine(line: string, environment: LineEnvironment): SourceSpec | { problems: string[] } {
  const colon = line.indexOf(':');
  const kind = colon > 0 ? line.slice(0, colon) : '';
  const rest = line.slice(colon + 1).trim();
  if (!(SOURCE_KINDS as readonly string[]).includes(kind))
    return { problems: [`${quote(line)} must start with ${SOURCE_KINDS.map((k) => `\`${k}:\``).join(', ')}`] };
  if (!rest) return { problems: [`\`${kind}:\` needs ${kind === 'command' ? 'a command' : kind === 'file' ? 'a path' : 'a URL'} after it`] };
  if (kind === 'command') return { kind, label: line, command: rest };
  if (kind === 'file') return { kind, label: line, path: rest };
  const [target = '', ...options] = rest.split(/\s+/);
  const problems: string[] = [];
  const url = checkUrl(target, kind === 'prometheus', problems);
  const headers = readOptions(options, environment, problems);
  if (!url || problems.length) return { problems };
  return kind === 'prometheus' ? { kind, label: line, url, headers } : { kind: 'url', label: line, url, headers };
}

/** The URL when it is usable: http or https (plain http is allowed: the workflow's author wrote it), no credentials, no fragment. */
function checkUrl(text: string, isBase: boolean, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${quote(text)} is not a valid URL`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`${quote(text)} must be an http:// or https:// URL`);
  else if (url.username || url.password)
    problems.push('the URL must not contain credentials (they would show in the log): name a variable with `basic-auth-env=` instead');
  else if (url.hash) problems.push(`${quote(text)} must not have a fragment (#…)`);
  else if (isBase && url.search) problems.push(`${quote(text)} must be Prometheus's base URL, without a query string`);
  else return url;
  return undefined;
}

/** The headers the options ask for; each problem added to `problems`. */
function readOptions(options: readonly string[], environment: LineEnvironment, problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const secret = (name: string, option: string): string | undefined => readSecret(name, option, environment, problems);
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = eq > 0 ? option.slice(0, eq) : option;
    const value = option.slice(eq + 1);
    if (key === 'token-env' || key === 'basic-auth-env') {
      if (headers.authorization !== undefined)
        problems.push(`${key}= sets the Authorization header a former option set already: give one of token-env=, basic-auth-env=`);
      const found = secret(value, `${key}=`);
      if (found !== undefined && key === 'token-env') headers.authorization = `Bearer ${found}`;
      if (found !== undefined && key === 'basic-auth-env') {
        if (!found.includes(':')) problems.push(`the variable ${value} named by basic-auth-env= must hold user:password`);
        const encoded = Buffer.from(found).toString('base64');
        environment.mask(encoded);
        headers.authorization = `Basic ${encoded}`;
      }
    } else if (key === 'header') {
      const [name = '', variable = '', extra] = value.split(':');
      if (!HEADER_NAME.test(name) || extra !== undefined || !variable)
        problems.push(`header= must be \`header=Name:ENV_VARIABLE\` (the value is read from the variable), not ${quote(value)}`);
      else if (RESERVED_HEADERS.has(name.toLowerCase()) || name.toLowerCase() === 'authorization')
        problems.push(
          `header= cannot set ${quote(name)}${name.toLowerCase() === 'authorization' ? ': use token-env= or basic-auth-env=' : ' (the source sets it)'}`,
        );
      else {
        const found = secret(variable, 'header=');
        if (found !== undefined) headers[name.toLowerCase()] = found;
      }
    } else if (key === 'token' || key === 'password' || key === 'basic-auth')
      problems.push(
        `${key}= would write a credential on the line, which is logged: put it in an environment variable and name it with ${key === 'token' ? 'token-env=' : 'basic-auth-env='}`,
      );
    else problems.push(`unknown option ${quote(option)}: the options are token-env=VARIABLE, basic-auth-env=VARIABLE and header=Name:VARIABLE`);
  }
  return headers;
}

/** The value of the variable `name`, masked; undefined after adding a problem when the name is bad or the variable unset. */
function readSecret(name: string, option: string, environment: LineEnvironment, problems: string[]): string | undefined {
  if (!ENV_NAME.test(name)) {
    problems.push(`${option} must name an environment variable (letters, digits, _), not ${quote(name)}`);
    return undefined;
  }
  const value = environment.env[name];
  if (value === undefined || value === '') {
    problems.push(`the environment variable ${name} named by ${option} is not set or empty`);
    return undefined;
  }
  environment.mask(value);
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    problems.push(`the environment variable ${name} named by ${option} holds a control character (a line break?), which no header may carry`);
    return undefined;
  }
  return value;
}
