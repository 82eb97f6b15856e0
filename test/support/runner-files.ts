import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseOutputFile } from './run-dist.js';

/**
 * Reads a runner file written in the heredoc format (`GITHUB_OUTPUT`,
 * `GITHUB_STATE`, `GITHUB_ENV` share it) into name → value; {} when absent.
 */
export function readRunnerFile(file: string): Record<string, string> {
  return existsSync(file) ? parseOutputFile(readFileSync(file, 'utf8')) : {};
}

/**
 * What the runner gives an action's `post:` step from the main step's
 * `GITHUB_STATE` file: one `STATE_<name>` variable per saved state.
 */
export function stateEnvironment(stateFile: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readRunnerFile(stateFile)).map(([name, value]) => [`STATE_${name}`, value]));
}

/** Undoes a workflow command message's escaping (`%25`, `%0D`, `%0A`). */
export function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** The values of `::add-mask::` commands among stdout lines, unescaped, in order. */
export function maskedValuesIn(lines: readonly string[]): string[] {
  return lines.filter((l) => l.startsWith('::add-mask::')).map((l) => unescapeData(l.slice('::add-mask::'.length)));
}

/** `::group::` / `::endgroup::` commands among stdout lines, in order, as `group:<title>` and `endgroup`. */
export function groupCommandsIn(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith('::group::')) out.push(`group:${unescapeData(line.slice('::group::'.length))}`);
    else if (line === '::endgroup::') out.push('endgroup');
  }
  return out;
}

/** Every file under `dir` (any entry not a folder), as `/`-separated paths relative to it, sorted; [] when absent. */
export function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    else out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}
