import { detectToolchain, isToolchain, TOOLCHAINS } from '../../src/planning/toolchain.js';

describe('detectToolchain', () => {
  it.each([
    [['Cargo.toml', 'src'], 'rust'],
    [['go.mod', 'go.sum', 'main.go'], 'go'],
    [['package.json', 'package-lock.json'], 'node'],
    [['pom.xml'], 'java'],
    [['build.gradle.kts', 'gradlew'], 'java'],
    [['gradlew'], 'java'],
    [['App.csproj'], 'dotnet'],
    [['Tools.sln', 'README.md'], 'dotnet'],
    [['Lib.fsproj'], 'dotnet'],
    [['CMakeLists.txt'], 'gcc'],
    [['Makefile', 'main.c'], 'gcc'],
    [['configure'], 'gcc'],
    [['meson.build'], 'gcc'],
    [['hello.cpp'], 'gcc'],
  ])('%j → %s', (files, toolchain) => {
    expect(detectToolchain(files)).toBe(toolchain);
  });

  it('takes the first rule in table order, whatever the order of the files', () => {
    expect(detectToolchain(['Makefile', 'Cargo.toml'])).toBe('rust');
    expect(detectToolchain(['binding.gyp', 'hello.c', 'package.json'])).toBe('node');
    expect(detectToolchain(['pom.xml', 'package.json'])).toBe('node');
    expect(detectToolchain(['App.csproj', 'Makefile'])).toBe('dotnet');
    expect(detectToolchain(['Makefile', 'go.mod', 'package.json'])).toBe('go');
  });

  it('finds nothing in a workspace without a recognised file', () => {
    expect(detectToolchain([])).toBeUndefined();
    expect(detectToolchain(['README.md', 'LICENSE', 'docs'])).toBeUndefined();
  });

  it('compares names exactly: no case folding, no bare suffix, no nested path', () => {
    expect(detectToolchain(['cargo.toml', 'GO.MOD', 'Package.json'])).toBeUndefined();
    expect(detectToolchain(['.c', '.csproj'])).toBeUndefined();
    expect(detectToolchain(['src/Cargo.toml'])).toBeUndefined();
    expect(detectToolchain(['notes.c.txt'])).toBeUndefined();
  });

  it('never detects clang (it is chosen with the toolchain input)', () => {
    expect(detectToolchain(['.clang-format', 'compile_commands.json', 'main.c'])).toBe('gcc');
  });
});

describe('isToolchain', () => {
  it('accepts exactly the listed toolchains', () => {
    for (const t of TOOLCHAINS) expect(isToolchain(t)).toBe(true);
    expect(TOOLCHAINS).toEqual(['gcc', 'clang', 'rust', 'go', 'node', 'java', 'dotnet']);
    for (const v of ['auto', 'GCC', 'cargo', '', '__proto__', 'toString']) expect(isToolchain(v)).toBe(false);
  });
});
