import pkg from '../../package.json' with { type: 'json' };

/** The package's version, from package.json (inlined when bundled). */
export function packageVersion(): string {
  return pkg.version;
}
