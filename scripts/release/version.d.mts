/** A parsed release tag `vMAJOR.MINOR.PATCH`. */
export interface ReleaseVersion {
  /** The tag as given, e.g. `v0.2.0`. */
  tag: string;
  /** `MAJOR.MINOR.PATCH`, e.g. `0.2.0`. */
  version: string;
  major: number;
  minor: number;
  patch: number;
}

/** Parses a release tag `vMAJOR.MINOR.PATCH`; pre-release and build tags are refused. @throws ReleaseError */
export declare function parseReleaseTag(tag: string): ReleaseVersion;

/** The moving tag a release updates: `v0.MINOR` before 1.0, `vMAJOR` from 1.0 on. */
export declare function movingTagFor(release: ReleaseVersion): string;

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export declare function compareVersions(a: ReleaseVersion, b: ReleaseVersion): number;

/** The newest release tag of `tags` in the same moving line as `release` and newer than it, if any. */
export declare function newerReleaseInLine(release: ReleaseVersion, tags: readonly string[]): string | undefined;
