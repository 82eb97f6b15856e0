/**
 * A user-facing problem, located as precisely as we can: file, line, column
 * and the path of the offending value inside the document.
 */
export interface Diagnostic {
  /** Display name of the file (relative to the workspace where possible). */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** Path of the offending value, e.g. `constraints[2].operator`. */
  path?: string;
  /** What is wrong, in one sentence. */
  message: string;
}

/** Renders a path array as `personas[0].constraints[2].operator`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `file:line:col path: message`, leaving out whatever is unknown. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (where && d.line !== undefined) where += `:${d.line}`;
  if (where && d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const head = [where, d.path ? `${d.path}:` : ''].filter(Boolean).join(' ');
  return head ? `${head}${d.path ? '' : ':'} ${d.message}` : d.message;
}
