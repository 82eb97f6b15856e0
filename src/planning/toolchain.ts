/**
 * The toolchains adapt-build turns a build profile into flags for, and their
 * detection from the workspace's top-level file names. Pure.
 */

/** The toolchains the `toolchain` input accepts (besides `auto`). */
export const TOOLCHAINS = ['gcc', 'clang', 'rust', 'go', 'node', 'java', 'dotnet'] as const;

/** One of {@link TOOLCHAINS}. */
export type Toolchain = (typeof TOOLCHAINS)[number];

/** Whether a string names a toolchain (the `toolchain` input after `auto` is handled). */
export function isToolchain(value: string): value is Toolchain {
  return (TOOLCHAINS as readonly string[]).includes(value);
}

/** One detection rule: a file name it recognises, exactly or by suffix. */
interface DetectionRule {
  toolchain: Toolchain;
  names: readonly string[];
  suffixes: readonly string[];
}

/**
 * The detection rules, tried in this order (the first rule with a matching
 * file wins, so a Rust crate with a `Makefile` is `rust`, a Node project with
 * a `binding.gyp` C addon is `node`):
 *
 * | toolchain | file names                                                                   |
 * |-----------|------------------------------------------------------------------------------|
 * | rust      | `Cargo.toml`                                                                 |
 * | go        | `go.mod`                                                                     |
 * | node      | `package.json`                                                               |
 * | java      | `pom.xml`, `build.gradle`, `build.gradle.kts`, `settings.gradle(.kts)`, `gradlew` |
 * | dotnet    | `*.csproj`, `*.fsproj`, `*.vbproj`, `*.sln`, `*.slnx`                        |
 * | gcc       | `CMakeLists.txt`, `Makefile`, `makefile`, `GNUmakefile`, `configure`, `meson.build`, `*.c`, `*.cc`, `*.cpp`, `*.cxx` |
 *
 * `clang` is never detected: it is chosen with the `toolchain` input.
 */
const RULES: readonly DetectionRule[] = [
  { toolchain: 'rust', names: ['Cargo.toml'], suffixes: [] },
  { toolchain: 'go', names: ['go.mod'], suffixes: [] },
  { toolchain: 'node', names: ['package.json'], suffixes: [] },
  { toolchain: 'java', names: ['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradlew'], suffixes: [] },
  { toolchain: 'dotnet', names: [], suffixes: ['.csproj', '.fsproj', '.vbproj', '.sln', '.slnx'] },
  {
    toolchain: 'gcc',
    names: ['CMakeLists.txt', 'Makefile', 'makefile', 'GNUmakefile', 'configure', 'meson.build'],
    suffixes: ['.c', '.cc', '.cpp', '.cxx'],
  },
];

/**
 * The toolchain of a workspace from the names of its top-level files (pure:
 * the caller lists the directory), by the first matching rule of the table
 * above; `undefined` when nothing matches. Names are compared exactly
 * (case-sensitive, like the tools on Linux); a suffix rule needs a non-empty
 * stem (`.c` alone is not a C source).
 */
export function detectToolchain(files: readonly string[]): Toolchain | undefined {
  const names = new Set(files);
  for (const rule of RULES) {
    if (rule.names.some((name) => names.has(name))) return rule.toolchain;
    if (rule.suffixes.length && files.some((file) => rule.suffixes.some((suffix) => file.length > suffix.length && file.endsWith(suffix)))) {
      return rule.toolchain;
    }
  }
  return undefined;
}
