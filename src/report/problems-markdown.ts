import type { Diagnostic } from '../errors/diagnostic.js';
import { markdownTable } from './markdown-text.js';

/**
 * Every problem of a failed step as a job-summary table (file, line, field,
 * message), each cell escaped like the rest of the summary. The action
 * writes it when there are more problems than GitHub shows as annotations.
 */
export function problemsMarkdown(diagnostics: readonly Diagnostic[]): string {
  const rows = diagnostics.map((d) => [
    d.file ?? '—',
    d.line === undefined ? '—' : d.column === undefined ? d.line : `${d.line}:${d.column}`,
    d.path ?? '—',
    d.message,
  ]);
  const count = diagnostics.length === 1 ? '1 problem' : `${diagnostics.length} problems`;
  return `## Persona configuration: ${count}\n\n${markdownTable(['File', 'Line', 'Field', 'Message'], rows)}`;
}
