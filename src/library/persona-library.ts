import { ConfigurationError } from '../errors/configuration-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { noopLogger, type Logger } from '../logging/logger.js';
import type { CatalogEntry, CatalogOrigin } from '../persona/catalog-types.js';
import { didYouMean } from '../persona/closest.js';
import { cachingPatternEngine, type PatternEngine } from '../persona/pattern-engine.js';
import { isSimplePattern } from '../persona/simple-pattern.js';
import type { Constraint, LocatedDefinition, Persona, PersonaDefinition, PersonaOrigin } from '../persona/persona.js';
import { BUILTIN_LABEL } from './builtin-source.js';
import { inheritedConstraintClashes, ownPatternClashes, patternDiagnostics } from './check-satisfiable.js';
import { inherit } from './inherit.js';
import type { SourceResult } from './persona-source.js';

const where = (origin: PersonaOrigin, field: string): Omit<Diagnostic, 'message'> => {
  const pos = origin.positions?.[field];
  const path = [origin.path, field].filter(Boolean).join('.');
  return { file: origin.file, line: pos?.line ?? origin.line, column: pos?.column ?? origin.column, path };
};

const describeOrigin = (o: PersonaOrigin): string => `${o.file}${o.line ? `:${o.line}` : ''}`;

/** How a library is built. */
export interface LibraryOptions {
  /** Receives the notices of overridden personas. */
  logger?: Logger;
  /**
   * The linear-time engine for `matches` patterns. Given, every pattern is
   * checked with it (each refused one a located error) and the library
   * carries it for blends. Required when {@link needsPatternEngine} says so
   * (a blend that must filter a set without it throws a plain Error: the
   * caller should have loaded it).
   */
  patterns?: PatternEngine;
}

/**
 * True when the library needs the pattern engine: some `matches` pattern is
 * not simple enough to trust without it ({@link isSimplePattern}), or some
 * parameter has a pattern in one persona and an `=`/`in` set in one (the
 * same or another, which a blend or `extends` may combine), so a pattern
 * may have to filter a set.
 */
export function needsPatternEngine(results: readonly SourceResult[]): boolean {
  const patterned = new Set<string>();
  const setValued = new Set<string>();
  for (const { definitions } of results)
    for (const { definition } of definitions)
      for (const c of definition.constraints) {
        if (c.operator === 'matches') {
          if (!isSimplePattern(String(c.value))) return true;
          patterned.add(c.parameter);
        } else if (c.operator === '=' || c.operator === 'in') setValued.add(c.parameter);
      }
  for (const parameter of patterned) if (setValued.has(parameter)) return true;
  return false;
}

/**
 * The union of the library's sources: a later source overrides an earlier
 * one by id (with a notice); the same id twice within one source is an
 * error. Inheritance is checked for every persona up front and applied
 * lazily, on first use. The sources' catalog entries are kept as they
 * came, in source order, for the stages to merge into their catalogs.
 */
export class PersonaLibrary {
  private readonly resolved = new Map<string, Persona>();

  private constructor(
    private readonly entries: Map<string, LocatedDefinition>,
    private readonly definedIn: Map<string, string[]>,
    private readonly labels: readonly string[],
    /** The linear-time engine for `matches` patterns, each compiled once; blends use it. */
    readonly patterns: PatternEngine | undefined,
    /**
     * The entries of every catalog file, in source order and within a
     * source in file order: what `mergeCatalogs` applies to the built-in
     * catalogs (a later entry wins). Empty for a library without catalog files.
     */
    readonly catalogEntries: readonly CatalogEntry[],
  ) {}

  /**
   * Builds the library from what its sources gave, in order. Throws a
   * {@link ConfigurationError} listing every problem of every file.
   * `options` may be just the logger.
   */
  static build(results: readonly SourceResult[], options: LibraryOptions | Logger = {}): PersonaLibrary {
    const { logger = noopLogger, patterns: engine } = 'notice' in options ? { logger: options } : (options as LibraryOptions);
    const patterns = engine && cachingPatternEngine(engine);
    const diagnostics: Diagnostic[] = results.flatMap((r) => r.diagnostics);
    const entries = new Map<string, LocatedDefinition>();
    const definedIn = new Map<string, string[]>();
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
            `persona "${id}" from ${describeOrigin(located.origin)} (${result.label}) overrides the one from ${describeOrigin(previous.origin)} (${definedIn.get(id)!.at(-1)})`,
          );
        entries.set(id, located);
        definedIn.set(id, [...(definedIn.get(id) ?? []), result.label]);
      }
    }
    diagnostics.push(...checkReferences(entries), ...results.flatMap((r) => catalogClashes(r.catalogs ?? [])));
    if (patterns) diagnostics.push(...patternDiagnostics(entries.values(), patterns));
    if (diagnostics.length) throw new ConfigurationError(diagnostics);
    const library = new PersonaLibrary(
      entries,
      definedIn,
      results.map((r) => r.label),
      patterns,
      results.flatMap((r) => r.catalogs ?? []),
    );
    const unsatisfiable = [
      ...ownPatternClashes(entries.values(), patterns),
      ...inheritedConstraintClashes(entries.values(), (id) => library.get(id), patterns),
    ];
    if (unsatisfiable.length) throw new ConfigurationError(unsatisfiable);
    return library;
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

  /** The label of the source whose definition of `id` won (`built-in`, `.github/personas`, a URL). */
  sourceOf(id: string): string | undefined {
    return this.definedIn.get(id)?.at(-1);
  }

  /** Labels of the earlier sources whose definition of `id` was overridden, in source order. */
  overridden(id: string): string[] {
    return this.definedIn.get(id)?.slice(0, -1) ?? [];
  }

  /** The labels of the library's sources, in order. */
  sourceLabels(): string[] {
    return [...this.labels];
  }

  /** The persona with inheritance applied; throws a readable error for an unknown id. */
  get(id: string): Persona {
    const cached = this.resolved.get(id);
    if (cached) return cached;
    if (!this.entries.has(id)) throw new ConfigurationError(this.unknownMessage(id));
    // Walk up to the first resolved ancestor (or the root), then resolve downwards:
    // no recursion, so chains of any length work (cycles were refused by build()).
    const chain: LocatedDefinition[] = [];
    for (let at: string | undefined = id; at !== undefined && !this.resolved.has(at); at = this.entries.get(at)!.definition.extends)
      chain.push(this.entries.get(at)!);
    for (const { definition } of chain.reverse()) {
      const parent = definition.extends === undefined ? undefined : this.resolved.get(definition.extends);
      this.resolved.set(definition.id, inherit(definition, parent));
    }
    return this.resolved.get(id)!;
  }

  /**
   * Where a constraint of persona `id` (as `get(id)` returns it) was
   * written: `personas/a.yml:12`, for an inherited one the ancestor's file
   * and line, for a built-in persona `built-in personas/a.yml:12`.
   */
  whereWritten(id: string, constraint: Constraint): string | undefined {
    const same = (c: Constraint) =>
      c === constraint ||
      (c.parameter === constraint.parameter && c.operator === constraint.operator && JSON.stringify(c.value) === JSON.stringify(constraint.value));
    for (let at: string | undefined = id; at !== undefined && this.entries.has(at); at = this.entries.get(at)!.definition.extends) {
      const { definition, origin } = this.entries.get(at)!;
      const index = definition.constraints.findIndex(same);
      if (index < 0) continue;
      const line = origin.positions?.[`constraints[${index}]`]?.line ?? origin.line;
      const builtin = this.sourceOf(at) === BUILTIN_LABEL ? `${BUILTIN_LABEL} ` : '';
      return `${builtin}${origin.file}${line ? `:${line}` : ''}`;
    }
    return undefined;
  }

  /** The `extends` chain of a persona as written: the persona itself first, its root last. */
  lineage(id: string): PersonaDefinition[] {
    this.get(id);
    const chain: PersonaDefinition[] = [];
    for (let at: string | undefined = id; at !== undefined; at = this.entries.get(at)!.definition.extends) chain.push(this.entries.get(at)!.definition);
    return chain;
  }

  /** `unknown persona "x" (did you mean "y"?)`, or the known ids when none is close. */
  unknownMessage(id: string): string {
    const hint = didYouMean(id, this.entries.keys());
    return `unknown persona "${id}"${hint || ` (known personas: ${this.ids().slice(0, 20).join(', ')}${this.size > 20 ? ', …' : ''})`}`;
  }
}

/**
 * Within one source, what its files would decide only by their order: the
 * same option id for one catalog in two files, or two files replacing one
 * catalog. (Within a file, ids are checked by the schema; across sources,
 * the later source wins, as for personas.)
 */
function catalogClashes(catalogs: readonly CatalogEntry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, CatalogOrigin>();
  const at = (o: CatalogOrigin) => `${o.file}${o.line ? `:${o.line}` : ''}`;
  for (const { catalog, replace, options } of catalogs) {
    const first = options[0]?.origin;
    const replaced = seen.get(`${catalog} replace`);
    if (replace && first && replaced) out.push({ ...first, message: `catalog "${catalog}" is replaced twice in one source: also at ${at(replaced)}` });
    else if (replace && first) seen.set(`${catalog} replace`, first);
    for (const { id, origin } of options) {
      const twin = seen.get(`${catalog} option ${id}`);
      if (twin && twin.file !== origin.file) out.push({ ...origin, message: `duplicate ${catalog} option "${id}": also defined at ${at(twin)}` });
      else if (!twin) seen.set(`${catalog} option ${id}`, origin);
    }
  }
  return out;
}

/** Unknown or cyclic `extends`, and `switch:` actions to unknown personas. */
function checkReferences(entries: Map<string, LocatedDefinition>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const done = new Set<string>();
  for (const start of entries.keys()) {
    // Follow the extends chain from `start` until it reaches a checked persona, a root, an unknown parent or itself.
    const path: string[] = [];
    const onPath = new Map<string, number>();
    for (let id: string | undefined = start; id !== undefined && !done.has(id);) {
      const entry: LocatedDefinition = entries.get(id)!;
      onPath.set(id, path.length);
      path.push(id);
      const parent: string | undefined = entry.definition.extends;
      if (parent === undefined) break;
      if (!entries.has(parent)) {
        out.push({ ...where(entry.origin, 'extends'), message: `extends unknown persona "${parent}"${didYouMean(parent, entries.keys())}` });
        break;
      }
      const seen = onPath.get(parent);
      if (seen !== undefined) {
        const cycle = [...path.slice(seen), parent];
        out.push({ ...where(entries.get(parent)!.origin, 'extends'), message: `extends cycle: ${cycle.join(' → ')}` });
        break;
      }
      id = parent;
    }
    path.forEach((id) => done.add(id));
  }

  for (const { definition, origin } of entries.values())
    definition.monitoring_thresholds.forEach((t, i) => {
      const target = t.action.startsWith('switch:') ? t.action.slice('switch:'.length) : undefined;
      if (target !== undefined && !entries.has(target))
        out.push({ ...where(origin, `monitoring_thresholds[${i}].action`), message: `action switches to unknown persona "${target}"` });
    });
  return out;
}
