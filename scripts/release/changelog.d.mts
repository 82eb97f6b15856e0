/** The body of the `## [VERSION]` section of a Keep a Changelog file, ending with one newline. @throws ReleaseError */
export declare function extractReleaseNotes(changelog: string, version: string): string;
