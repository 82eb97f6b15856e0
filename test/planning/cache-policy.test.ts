import type { ResolvedPersona } from '../../src/blend/resolved-persona.js';
import { CACHE_PATHS, cachePolicy, LOCKFILES, refDigest } from '../../src/planning/cache-policy.js';
import { TOOLCHAINS } from '../../src/planning/toolchain.js';

const goals = (weights: Record<string, number>): Pick<ResolvedPersona, 'optimization_goals'> => ({
  optimization_goals: Object.entries(weights).map(([metric, weight]) => ({ metric, weight, from: ['p'] })),
});
const facts = { os: 'Linux', ref: 'refs/heads/main', lockfileHash: 'abc123' };

describe('cachePolicy: when to cache', () => {
  it.each([
    [{ cost: 0.3 }, 'cost goal 0.3'],
    [{ velocity: 0.9, cost: 0.2 }, 'velocity goal 0.9'],
    [{ build_time: 0.5, reliability: 1 }, 'build_time goal 0.5'],
  ])('caches for %j', (weights, reason) => {
    const policy = cachePolicy(goals(weights), 'node', facts);
    expect(policy.enabled).toBe(true);
    expect(policy.reason).toContain(reason);
    expect(policy.key).toBe('persona-deps-node-Linux-abc123');
    expect(policy.restoreKeys).toEqual(['persona-deps-node-Linux-']);
    expect(policy.paths).toEqual(['~/.npm', '~/.cache/yarn', '~/.local/share/pnpm/store']);
    expect(policy.branchScoped).toBe(false);
  });

  it('does not cache when no cost or velocity goal weighs 0.3', () => {
    for (const weights of [{}, { cost: 0.29, velocity: 0.1 }, { reliability: 1, security: 0.2 }] as Array<Record<string, number>>) {
      const policy = cachePolicy(goals(weights), 'rust', facts);
      expect(policy).toEqual({ enabled: false, reason: expect.stringContaining('weighs 0.3 or more'), restoreKeys: [], paths: [], branchScoped: false });
    }
  });

  it('does not cache without a lockfile hash, and names the lockfiles it looked for', () => {
    const policy = cachePolicy(goals({ cost: 1 }), 'rust', { os: 'Linux', ref: 'refs/heads/main' });
    expect(policy.enabled).toBe(false);
    expect(policy.reason).toBe('no lockfile to key the cache (Cargo.lock)');
    expect(policy.key).toBeUndefined();
    expect(cachePolicy(goals({ cost: 1 }), 'go', { ...facts, lockfileHash: '' }).enabled).toBe(false);
  });
});

describe('cachePolicy: branch scope for security', () => {
  it('puts the ref digest in the key and in the restore prefix when security weighs 0.5', () => {
    const policy = cachePolicy(goals({ cost: 0.4, security: 0.5 }), 'go', facts);
    const digest = refDigest('refs/heads/main');
    expect(digest).toMatch(/^[0-9a-f]{12}$/);
    expect(policy.branchScoped).toBe(true);
    expect(policy.key).toBe(`persona-deps-go-Linux-${digest}-abc123`);
    expect(policy.restoreKeys).toEqual([`persona-deps-go-Linux-${digest}-`]);
    expect(policy.reason).toContain('scoped to ref "refs/heads/main"');
  });

  it("never restores another branch's cache: no restore prefix of one ref is a prefix of another ref's key", () => {
    const persona = goals({ velocity: 1, security: 0.8 });
    const main = cachePolicy(persona, 'java', facts);
    const feature = cachePolicy(persona, 'java', { ...facts, ref: 'refs/heads/feature' });
    expect(main.key!.startsWith(feature.restoreKeys[0]!)).toBe(false);
    expect(feature.key!.startsWith(main.restoreKeys[0]!)).toBe(false);
    expect(main.key!.startsWith(main.restoreKeys[0]!)).toBe(true);
  });

  it('an unscoped policy may restore any ref of the same toolchain and os', () => {
    const unscoped = cachePolicy(goals({ velocity: 1, security: 0.49 }), 'java', facts);
    expect(unscoped.branchScoped).toBe(false);
    expect(cachePolicy(goals({ velocity: 1 }), 'java', { ...facts, ref: 'refs/heads/other' }).key).toBe(unscoped.key);
  });
});

describe('cachePolicy: hostile facts', () => {
  it('keeps only key-safe characters of the os and the hash, bounded, and never the raw ref', () => {
    const ref = 'refs/heads/a,b\n$(touch x)' + 'x'.repeat(5000);
    const policy = cachePolicy(goals({ cost: 1, security: 1 }), 'dotnet', { os: 'Linux, X64\n', ref, lockfileHash: 'h,a/s h'.repeat(100) });
    expect(policy.key).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(policy.key!.length).toBeLessThanOrEqual(512);
    expect(policy.key).toContain('persona-deps-dotnet-Linux--X64--');
    expect(policy.reason.length).toBeLessThan(200);
    expect(policy.reason).not.toContain('\n');
  });
});

describe('lockfiles and paths', () => {
  it('lists lockfiles and cache folders for every toolchain', () => {
    for (const t of TOOLCHAINS) {
      expect(LOCKFILES[t].length).toBeGreaterThan(0);
      expect(CACHE_PATHS[t].length).toBeGreaterThan(0);
    }
    expect(LOCKFILES.node).toEqual(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);
    expect(LOCKFILES.go).toEqual(['go.sum']);
    expect(CACHE_PATHS.go).toEqual(['~/go/pkg/mod', '~/.cache/go-build']);
    expect(CACHE_PATHS.rust).toEqual(['~/.cargo/registry', '~/.cargo/git']);
  });

  it('returns a copy of the paths, so a caller cannot change the table', () => {
    const policy = cachePolicy(goals({ cost: 1 }), 'rust', facts);
    policy.paths.push('/etc');
    expect(CACHE_PATHS.rust).not.toContain('/etc');
  });
});

describe('cacheWanted', () => {
  it('says whether the goals call for a cache before any lockfile is hashed', async () => {
    const { cacheWanted } = await import('../../src/planning/cache-policy.js');
    expect(cacheWanted({ optimization_goals: [{ metric: 'velocity', weight: 0.3, from: ['a'] }] })).toBe(true);
    expect(
      cacheWanted({
        optimization_goals: [
          { metric: 'security', weight: 1, from: ['a'] },
          { metric: 'cost', weight: 0.29, from: ['a'] },
        ],
      }),
    ).toBe(false);
  });
});
