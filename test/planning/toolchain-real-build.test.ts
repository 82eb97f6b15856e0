/**
 * Real builds with the toolchains this machine has: each build profile's
 * environment (toolchainEnv) compiles a tiny program, and the binary shows
 * what the profile promised (debug information, PIE, BIND_NOW, fortified
 * calls, LTO objects). gcc must be present (it is in CI); cargo is optional.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Scalar } from '../../src/persona/persona.js';
import { BUILTIN_CATALOGS } from '../../src/planning/builtin-catalogs.js';
import { toolchainEnv } from '../../src/planning/toolchain-flags.js';

const PROFILES: Record<string, Record<string, Scalar>> = Object.fromEntries(BUILTIN_CATALOGS.build.options.map((o) => [o.id, o.parameters]));
const available = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const hasCargo = available('cargo');

const C_SOURCE = `#include <stdio.h>
#include <string.h>
static unsigned checksum(const char *s) { unsigned h = 2166136261u; for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u; return h; }
int main(int argc, char **argv) {
  char buf[32];
  strcpy(buf, argc > 1 ? argv[1] : "persona");
  printf("%s %u\\n", buf, checksum(buf));
  return 0;
}
`;

/** The checksum main.c prints (32-bit FNV-1a), computed here so every profile must compute it alike. */
function fnv1a(text: string): number {
  let h = 2166136261;
  for (const byte of Buffer.from(text)) h = Math.imul(h ^ byte, 16777619) >>> 0;
  return h;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolchain-build-'));
  fs.writeFileSync(path.join(dir, 'main.c'), C_SOURCE);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const words = (flags: string | undefined) => (flags ? flags.split(' ') : []);
const readelf = (...args: string[]) => execFileSync('readelf', ['-W', ...args], { encoding: 'utf8' });

/** Compiles main.c like make's one-step rule ($(CC) $(CFLAGS) $(LDFLAGS) main.c -o out); returns the binary and gcc's stderr. */
function gccBuild(profile: string): { binary: string; stderr: string } {
  const env = toolchainEnv('gcc', PROFILES[profile]!);
  const binary = path.join(dir, `main-${profile}`);
  const result = spawnSync('gcc', [...words(env.CFLAGS), ...words(env.LDFLAGS), path.join(dir, 'main.c'), '-o', binary], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`gcc failed for ${profile}: ${result.stderr}`);
  return { binary, stderr: result.stderr };
}

const textSize = (binary: string) => {
  const line = readelf('-S', binary)
    .split('\n')
    .find((l) => /\s\.text\s/.test(l))!;
  return Number.parseInt(line.trim().split(/\s+/)[5]!, 16);
};

describe('gcc builds every profile with exactly its CFLAGS and LDFLAGS', () => {
  it('gcc is on PATH (CI installs it from Debian)', () => {
    expect(available('gcc')).toBe(true);
  });

  it.each(Object.keys(PROFILES))('%s: builds without a warning and runs the same', (profile) => {
    const { binary, stderr } = gccBuild(profile);
    expect(stderr).toBe('');
    expect(execFileSync(binary, ['build'], { encoding: 'utf8' })).toBe(`build ${fnv1a('build')}\n`);
  });

  it('debug: -O0 -g leaves DWARF debug information; release has none', () => {
    expect(readelf('-S', gccBuild('debug').binary)).toMatch(/\.debug_info/);
    expect(readelf('-S', gccBuild('release').binary)).not.toMatch(/\.debug_info/);
  });

  it('hardened: a PIE with full RELRO (BIND_NOW), stack protector and fortified calls', () => {
    const { binary } = gccBuild('hardened');
    expect(readelf('-h', binary)).toMatch(/Type:\s+DYN/);
    const dynamic = readelf('-d', binary);
    expect(dynamic).toMatch(/\(FLAGS\)\s+BIND_NOW/);
    expect(dynamic).toMatch(/\(FLAGS_1\)\s+Flags:.*\bNOW\b.*\bPIE\b/);
    expect(readelf('-l', binary)).toMatch(/GNU_RELRO/);
    const symbols = readelf('--dyn-syms', binary);
    expect(symbols).toMatch(/__stack_chk_fail/);
    expect(symbols).toMatch(/__strcpy_chk/);
  });

  it('max-performance: -flto compiles to LTO bytecode objects', () => {
    const env = toolchainEnv('gcc', PROFILES['max-performance']!);
    const object = path.join(dir, 'main-lto.o');
    execFileSync('gcc', [...words(env.CFLAGS), '-c', path.join(dir, 'main.c'), '-o', object]);
    expect(readelf('-S', object)).toMatch(/\.gnu\.lto_/);
  });

  it('size: -Os code is no larger than -O2 code', () => {
    expect(textSize(gccBuild('size').binary)).toBeLessThanOrEqual(textSize(gccBuild('release').binary));
  });
});

const RUST_SOURCE = 'fn main() { let n: u64 = std::env::args().map(|a| a.len() as u64).sum(); println!("sum {n}"); }\n';
const describeCargo = hasCargo ? describe : describe.skip;

describeCargo(`cargo reads the profile's CARGO_PROFILE_RELEASE_* and RUSTFLAGS${hasCargo ? '' : ' (skipped: cargo is not on PATH)'}`, () => {
  let crate: string;
  beforeAll(() => {
    crate = path.join(dir, 'crate');
    fs.mkdirSync(path.join(crate, 'src'), { recursive: true });
    fs.writeFileSync(path.join(crate, 'Cargo.toml'), '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n');
    fs.writeFileSync(path.join(crate, 'src', 'main.rs'), RUST_SOURCE);
  });

  /** The job's environment without the caller's own Cargo settings, plus the profile's. */
  const cargoEnv = (profile: string, target: string) => {
    const clean = Object.entries(process.env).filter(([k]) => !/^(CARGO_PROFILE_|CARGO_TARGET_DIR$|CARGO_BUILD_|CARGO_ENCODED_RUSTFLAGS$|RUSTFLAGS$)/.test(k));
    return { ...Object.fromEntries(clean), ...toolchainEnv('rust', PROFILES[profile]!), CARGO_TARGET_DIR: path.join(dir, target) };
  };

  /** The rustc command line cargo runs for the release profile (rustc only prints the crate name: no compilation). */
  const rustcLine = (profile: string) => {
    const result = spawnSync('cargo', ['rustc', '--release', '--offline', '-v', '--', '--print=crate-name'], {
      cwd: crate,
      env: cargoEnv(profile, `print-${profile}`),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`cargo failed for ${profile}: ${result.stderr}`);
    return result.stderr.split('\n').find((l) => l.includes('--crate-name hello'))!;
  };

  it.each([
    // opt-level 0 with assertions and overflow checks is rustc's default: cargo passes no flag for them
    ['debug', ['-C debuginfo=2'], ['-C opt-level', '-C lto', 'debug-assertions=off', 'overflow-checks=off']],
    ['fast', ['-C opt-level=1'], ['-C lto', '-C debuginfo=2']],
    ['release', ['-C opt-level=2', '-C strip=debuginfo'], ['-C lto', 'relocation-model', 'overflow-checks']],
    ['max-performance', ['-C opt-level=3', '-C lto'], ['-C debuginfo=2']],
    ['size', ['-C opt-level=s'], ['-C lto']],
    ['hardened', ['-C opt-level=2', '-C overflow-checks=on', '-C relocation-model=pie', '-C link-arg=-Wl,-z,relro,-z,now'], ['-C lto']],
  ])('%s: rustc gets %j', (profile, present, absent) => {
    const line = rustcLine(profile);
    for (const flag of present) expect(line).toContain(flag);
    for (const flag of absent) expect(line).not.toContain(flag);
  });

  /** Builds the crate for real and returns the binary. */
  const cargoBuild = (profile: string) => {
    const env = cargoEnv(profile, `build-${profile}`);
    const result = spawnSync('cargo', ['build', '--release', '--offline', '-q'], { cwd: crate, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`cargo build failed for ${profile}: ${result.stderr}`);
    return path.join(env.CARGO_TARGET_DIR, 'release', 'hello');
  };

  it('hardened: the built binary is a PIE bound now', () => {
    const binary = cargoBuild('hardened');
    expect(execFileSync(binary, ['ab'], { encoding: 'utf8' })).toMatch(/^sum \d+\n$/);
    expect(readelf('-h', binary)).toMatch(/Type:\s+DYN/);
    expect(readelf('-d', binary)).toMatch(/\(FLAGS_1\)\s+Flags:.*\bNOW\b/);
  });

  it('debug: the built binary keeps DWARF debug information', () => {
    expect(readelf('-S', cargoBuild('debug'))).toMatch(/\.debug_info/);
  });
});
