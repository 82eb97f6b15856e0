import { ConfigurationError } from '../../src/errors/configuration-error.js';
import type { CatalogEntry } from '../../src/planning/catalog.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { mergeCatalogs } from '../../src/planning/merge-catalogs.js';
import { option } from './fixtures.js';

const origin = (index: number) => ({ file: 'lib/catalogs.yml', line: 4 + index, column: 7, path: `catalogs.build.options[${index}]` });
const entry = (fields: Partial<CatalogEntry>, options: Array<ReturnType<typeof option>> = []): CatalogEntry => ({
  catalog: 'build',
  replace: false,
  metrics: {},
  goals: {},
  ...fields,
  options: options.map((o, i) => ({ ...o, origin: origin(i) })),
});

const ids = (catalogs: ReturnType<typeof mergeCatalogs>, name = 'build') => catalogs[name]!.options.map((o) => o.id);

describe('mergeCatalogs', () => {
  it('without entries, copies the built-ins (the originals are never changed)', () => {
    const merged = mergeCatalogs(BUILTIN_CATALOGS, []);
    expect(merged.build).toEqual(BUILTIN_CATALOGS.build);
    expect(merged.build).not.toBe(BUILTIN_CATALOGS.build);
    mergeCatalogs(BUILTIN_CATALOGS, [entry({ replace: true, metrics: { carbon: 'lower' } }, [option('green', {}, { carbon: 1 })])]);
    expect(ids({ build: BUILTIN_CATALOGS.build })).toEqual(['debug', 'fast', 'release', 'max-performance', 'size', 'hardened']);
    expect(BUILTIN_CATALOGS.build.metrics).not.toHaveProperty('carbon');
  });

  it('replaces an option with a known id in place and appends a new one', () => {
    const merged = mergeCatalogs(BUILTIN_CATALOGS, [entry({}, [option('new', {}, { cost: 1 }), option('fast', { optimization_level: 1 }, { cost: 0.1 })])]);
    expect(ids(merged)).toEqual(['debug', 'fast', 'release', 'max-performance', 'size', 'hardened', 'new']);
    expect(merged.build!.options[1]).toEqual({ id: 'fast', parameters: { optimization_level: 1 }, estimates: { cost: 0.1 } });
    expect(merged.build!.options[1]).not.toHaveProperty('origin');
    expect(ids(merged, 'test')).toEqual(['smoke', 'unit', 'integration', 'e2e', 'security', 'performance']);
  });

  it('replace: true replaces every option; entries apply in order, later metrics and goals winning', () => {
    const merged = mergeCatalogs(BUILTIN_CATALOGS, [
      entry({ metrics: { carbon: 'higher' }, goals: { green: 'carbon' } }, [option('a', {}, { carbon: 1 })]),
      entry({ replace: true, metrics: { carbon: 'lower' } }, [option('only', {}, { carbon: 2 })]),
      entry({ goals: { green: 'cost' } }, [option('after', {}, { cost: 1 })]),
    ]);
    expect(ids(merged)).toEqual(['only', 'after']);
    expect(merged.build!.metrics.carbon).toBe('lower');
    expect(merged.build!.metrics.cost).toBe('lower');
    expect(merged.build!.goals).toMatchObject({ velocity: 'build_time', green: 'cost' });
  });

  it('creates a catalog that is not built in as a one-choice catalog named after its parameter', () => {
    const merged = mergeCatalogs(BUILTIN_CATALOGS, [entry({ catalog: 'regions', metrics: { risk: 'lower' } }, [option('canary', {}, { risk: 1 })])]);
    expect(merged.regions).toEqual({
      name: 'regions',
      parameter: 'regions',
      choice: 'one',
      metrics: { risk: 'lower' },
      goals: {},
      options: [{ id: 'canary', parameters: {}, estimates: { risk: 1 } }],
    });
  });

  it('adds a strategy to the built-in strategies, keeping their parameter and metrics', () => {
    const merged = mergeCatalogs(BUILTIN_CATALOGS, [
      entry({ catalog: 'strategies' }, [option('shadow', { deploys: true }, { duration: 30, cost: 2.5, reliability: 0.97 })]),
    ]);
    expect(merged.strategies!.parameter).toBe('strategy');
    expect(merged.strategies!.options.map((o) => o.id)).toEqual([...BUILTIN_CATALOGS.strategies.options.map((o) => o.id), 'shadow']);
    expect(BUILTIN_CATALOGS.strategies.options.map((o) => o.id)).not.toContain('shadow');
  });

  it('refuses an option estimating a metric with no direction, located at the option', () => {
    let error: unknown;
    try {
      mergeCatalogs(BUILTIN_CATALOGS, [entry({}, [option('ok', {}, { cost: 1 }), option('bad', {}, { cost: 1, carbon: 3 })])]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).diagnostics).toEqual([
      {
        file: 'lib/catalogs.yml',
        line: 5,
        column: 7,
        path: 'catalogs.build.options[1].estimates.carbon',
        message: 'option "bad" of catalog "build" estimates "carbon", a metric with no direction: add it to the catalog\'s metrics as lower or higher',
      },
    ]);
  });

  it('does not blame an option a later entry replaced, and ignores prototype keys in maps', () => {
    const metrics = JSON.parse('{"__proto__": "lower"}') as CatalogEntry['metrics'];
    const merged = mergeCatalogs(BUILTIN_CATALOGS, [entry({}, [option('x', {}, { carbon: 1 })]), entry({ metrics }, [option('x', {}, { cost: 2 })])]);
    expect(merged.build!.options.at(-1)).toEqual({ id: 'x', parameters: {}, estimates: { cost: 2 } });
    expect(Object.getPrototypeOf(merged.build!.metrics)).toBe(Object.prototype);
    expect(Object.hasOwn(merged.build!.metrics, '__proto__')).toBe(false);
  });
});
