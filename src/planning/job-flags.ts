/**
 * The job's own compiler flags kept after the profile's. Pure.
 */

/** The flag variables whose job value is appended to the profile's rather than replaced by it. */
export const APPENDED_FLAG_VARIABLES: readonly string[] = ['CFLAGS', 'CXXFLAGS', 'LDFLAGS', 'RUSTFLAGS', 'GOFLAGS', 'MAVEN_ARGS'];

/**
 * The build environment with the job's own flags kept: for each variable of
 * {@link APPENDED_FLAG_VARIABLES} the job already sets, the job's value
 * follows the profile's (`-O2 … -Werror`), so a flag the workflow sets on
 * purpose wins over the profile's (compilers take the last of conflicting
 * flags). A job value that already starts with the profile's (a second
 * adapt-build in one job) is kept as it is.
 */
export function withJobFlags(planned: Readonly<Record<string, string>>, job: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = { ...planned };
  for (const name of APPENDED_FLAG_VARIABLES) {
    const ours = planned[name];
    const theirs = job[name]?.trim();
    if (ours === undefined || !theirs) continue;
    out[name] = theirs.startsWith(ours) ? theirs : `${ours} ${theirs}`;
  }
  return out;
}
