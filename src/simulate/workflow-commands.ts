/**
 * Workflow commands a step prints (`::error file=…,line=…::message`,
 * `::add-mask::value`, `::group::`, the deprecated `::set-output`), read
 * from its stdout line by line as the runner reads them, including
 * `::stop-commands::TOKEN` … `::TOKEN::`, between which nothing is a command.
 */

/** An annotation a step raised. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

/** What one stdout line was. */
export type CommandLine =
  | { kind: 'text'; text: string }
  | { kind: 'annotation'; annotation: Annotation }
  | { kind: 'mask'; value: string }
  | { kind: 'output'; name: string; value: string }
  | { kind: 'group'; title: string }
  | { kind: 'endgroup' }
  | { kind: 'debug'; text: string };

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Reads the commands of one step's stdout; keeps the `::stop-commands::` state between lines. */
export class WorkflowCommandReader {
  private stopToken: string | undefined;

  /** What `line` (without its line feed) is. */
  read(line: string): CommandLine {
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) this.stopToken = undefined;
      return { kind: 'text', text: line };
    }
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) return { kind: 'text', text: line };
    const [, name, props = '', data = ''] = m;
    switch (name) {
      case 'error':
      case 'warning':
      case 'notice':
        return { kind: 'annotation', annotation: { level: name, properties: properties(props), message: unescapeData(data) } };
      case 'add-mask':
        return { kind: 'mask', value: unescapeData(data) };
      case 'set-output':
        return { kind: 'output', name: properties(props).name ?? '', value: unescapeData(data) };
      case 'group':
        return { kind: 'group', title: unescapeData(data) };
      case 'endgroup':
        return { kind: 'endgroup' };
      case 'debug':
        return { kind: 'debug', text: unescapeData(data) };
      case 'stop-commands':
        this.stopToken = data;
        return { kind: 'text', text: '' };
      default:
        return { kind: 'text', text: line };
    }
  }
}

function properties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = unescapeProperty(part.slice(at + 1));
  }
  return out;
}

/** `text` with every masked value replaced by `***`, as the runner's log shows it. */
export function maskText(text: string, masks: ReadonlySet<string>): string {
  let out = text;
  for (const value of [...masks].sort((a, b) => b.length - a.length)) if (value.length >= 3) out = out.split(value).join('***');
  return out;
}
