import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { noopLogger, type Logger } from '../logging/logger.js';
import { closest } from '../persona/closest.js';
import type { LocatedDefinition, Persona, PersonaOrigin } from '../persona/persona.js';
import { inherit } from './inherit.js';
import type { SourceResult } from './persona-source.js';

const where = (origin: PersonaOrigin, field: string): Omit<Diagnostic, 'message'> => {
  const pos = origin.positions?.[field];
  const path = [origin.path, field].filter(Boolean).join('.');
  return { file: origin.file, line: pos?.line ?? origin.line, column: pos?.column ?? origin.column, path };
};

const describeOrigin = (o: PersonaOrigin): string => `${o.file}${o.line ? `:${o.line}` : ''}`;

/**
 * The union of the library's sources: a later source overrides an earlier
 * one by id (with a notice); the same id twice within one source is an
 * error. Inheritance is checked for every persona up front and applied
 * lazily, on first use.
 */
export class PersonaLibrary {
  private readonly resolved = new Map<string, Persona>();

  private constructor(private readonly entries: Map<string, LocatedDefinition>) {}

  /**
   * Builds the library from what its sources gave, in order. Throws a
   * {@link ConfigurationError} listing every problem of every file.
   */
  static build(results: readonly SourceResult[], logger: Logger = noopLogger): PersonaLibrary {
    const diagnostics: Diagnostic[] = results.flatMap((r) => r.diagnostics);
    const entries = new Map<string, LocatedDefinition>();
    const entrySource = new Map<string, string>();
    for (const result of results) {
      const local = new Map<string, LocatedDefinition>();
      for (const located of result.definitions) {
        const { id } = located.definition;
        const twin = local.get(id);
        if (twin) {
          diagnostics.push({
            ...where(located.origin, located.origin.positions?.id ? 'id' : 'name'),
            message: `duplicate persona id "${id}": also defined at ${describeOrigin(twin.origin)}`,
          });
          continue;
        }
        local.set(id, located);
        const previous = entries.get(id);
        if (previous)
          logger.notice(
            `persona "${id}" from ${describeOrigin(located.origin)} (${result.label}) overrides the one from ${describeOrigin(previous.origin)} (${entrySource.get(id)})`,
          );
        entries.set(id, located);
        entrySource.set(id, result.label);
      }
    }
    diagnostics.push(...checkReferences(entries));
    if (diagnostics.length) throw new ConfigurationError(diagnostics);
    return new PersonaLibrary(entries);
  }

  /** Every persona id, sorted. */
  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Number of personas. */
  get size(): number {
    return this.entries.size;
  }

  /** True when the library has a persona with this id. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Where a persona was defined. */
  origin(id: string): PersonaOrigin | undefined {
    return this.entries.get(id)?.origin;
  }

  /** The persona with inheritance applied; throws a readable error for an unknown id. */
  get(id: string): Persona {
    const cached = this.resolved.get(id);
    if (cached) return cached;
    const entry = this.entries.get(id);
    if (!entry) throw new ConfigurationError(this.unknownMessage(id));
    const { definition } = entry;
    const persona = inherit(definition, definition.extends ? this.get(definition.extends) : undefined);
    this.resolved.set(id, persona);
    return persona;
  }

  /** `unknown persona "x" (did you mean ...?; known: ...)`. */
  unknownMessage(id: string): string {
    const near = closest(id, this.entries.keys());
    const hint = near.length ? `did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : `known personas: ${this.ids().slice(0, 20).join(', ')}${this.size > 20 ? ', …' : ''}`;
    return `unknown persona "${id}" (${hint})`;
  }
}

/** Unknown or cyclic `extends`, and `switch:` actions to unknown personas. */
function checkReferences(entries: Map<string, LocatedDefinition>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, chain: string[]): void => {
    const mark = state.get(id);
    if (mark === 'done') return;
    const entry = entries.get(id)!;
    const parent = entry.definition.extends;
    if (mark === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(id)), id];
      out.push({ ...where(entry.origin, 'extends'), message: `extends cycle: ${cycle.join(' → ')}` });
      return;
    }
    state.set(id, 'visiting');
    if (parent !== undefined) {
      if (!entries.has(parent)) {
        const near = closest(parent, entries.keys());
        out.push({ ...where(entry.origin, 'extends'), message: `extends unknown persona "${parent}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(', ')}?)` : ''}` });
      } else visit(parent, [...chain, id]);
    }
    state.set(id, 'done');
  };
  for (const id of entries.keys()) visit(id, []);

  for (const { definition, origin } of entries.values())
    definition.monitoring_thresholds.forEach((t, i) => {
      const target = t.action.startsWith('switch:') ? t.action.slice('switch:'.length) : undefined;
      if (target !== undefined && !entries.has(target))
        out.push({ ...where(origin, `monitoring_thresholds[${i}].action`), message: `action switches to unknown persona "${target}"` });
    });
  return out;
}
