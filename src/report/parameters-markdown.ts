import { PARAMETERS } from '../persona/parameter-registry.js';

/**
 * The README's table of the parameter registry: parameter, kind, stage, when
 * it is checked, meaning. The registry is the project's own text (its
 * descriptions are markdown), so it is not escaped as library text is.
 */
export function parametersMarkdown(): string {
  const rows = PARAMETERS.map(
    (p) => `| \`${p.name}\` | ${p.kind} | ${p.stage} | ${p.check === 'planned' ? 'planned: before it runs' : 'measured: after the run'} | ${p.description} |`,
  );
  return ['| parameter | kind | stage | checked | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
