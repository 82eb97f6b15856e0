import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';

/** The display name most tests parse under. */
export const F = 'personas/cost.yml';

/** Joins lines with newlines (and a trailing one) so line numbers are easy to read off. */
export const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** Every diagnostic of a file, formatted as users see them. */
export const errorsOf = (file: string, text: string): string[] => parsePersonaFile(file, text).diagnostics.map(formatDiagnostic);

/** A file that must fail with exactly one diagnostic and give no persona. */
export const onlyError = (file: string, text: string): string => {
  const result = parsePersonaFile(file, text);
  expect(result.definitions).toEqual([]);
  expect(result.diagnostics).toHaveLength(1);
  return formatDiagnostic(result.diagnostics[0]!);
};
