import type { ReleaseVersion } from './version.mjs';

/** Everything checked before a release changes anything. */
export interface ReleasePlan {
  release: ReleaseVersion;
  /** The commit the release tag points at. */
  commit: string;
  /** The release's CHANGELOG.md section. */
  notes: string;
  /** `v0.MINOR` or `vMAJOR`. */
  movingTag: string;
  /** Where the moving tag points now, if it exists. */
  movingFrom: string | undefined;
  /** A newer release tag of the same line; the moving tag is then left alone. */
  newerRelease: string | undefined;
}

/** How {@link applyRelease} acts. */
export interface ApplyOptions {
  cwd: string;
  remote: string;
  notesFile?: string;
  log: (line: string) => void;
}

/** Checks a release without changing anything. @throws ReleaseError */
export declare function planRelease(tag: string, cwd: string): ReleasePlan;

/** Writes the notes, moves the moving tag to the release commit and force-pushes it. @throws ReleaseError */
export declare function applyRelease(plan: ReleasePlan, options: ApplyOptions): void;

/** What {@link applyRelease} would do, for `--dry-run`. */
export declare function describePlan(plan: ReleasePlan, options: { remote: string; notesFile?: string }): string[];
