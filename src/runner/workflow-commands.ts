import type { Diagnostic } from '../errors/diagnostic.js';

/** Escapes a workflow command's message (`%`, CR, LF). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Properties of an annotation, as the runner names them. */
export interface AnnotationProperties {
  file?: string;
  line?: number;
  col?: number;
}

/** `::command key=value,…::message`, escaped. */
export function workflowCommand(command: string, message: string, properties: Record<string, string | number | undefined> = {}): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** Annotation properties for a diagnostic (file, line, column). */
export function diagnosticProperties(where: Omit<Diagnostic, 'message'> | undefined): AnnotationProperties {
  if (!where?.file) return {};
  return { file: where.file, line: where.line, col: where.column };
}
