/** Help lines shared by several commands. */

/** `-l, --library PATH` help. */
export const LIBRARY_HELP = `  -l, --library PATH    A persona file, directory or glob (relative to the
                        current directory), an https:// URL or
                        github:OWNER/REPO/PATH@REF (read with GITHUB_TOKEN or
                        GH_TOKEN); repeatable, later ones override earlier
                        ones by id. Default: .github/personas (skipped when
                        absent). The built-in personas always come first.`;

/** `--on-conflict` help. */
export const ON_CONFLICT_HELP = `      --on-conflict strict|weighted
                        When blended constraints cannot all hold (a bound,
                        a set, or an item "includes" requires that another
                        persona does not allow): fail (strict, the default)
                        or drop the lower-weight persona's constraints on
                        that parameter (weighted).`;

/** `--json` help, followed by what the JSON holds (already indented lines). */
export const jsonHelp = (shape: string): string => `      --json            Print JSON instead of text: ${shape}`;

/** `-h, --help` help. */
export const HELP_HELP = '  -h, --help            Show this help.';

/** What a blend expression looks like. */
export const EXPRESSION_HELP = `A persona expression is an id ("security-first"), an equal blend
("stability+balanced", or "stability,balanced") or a weighted one
("stability:0.6,balanced:0.4", normalised to sum 1). A weighted blend weights
every persona, and "+" and "," do not mix. Blended constraints must all hold
under --on-conflict strict: "security-first:0.6,cost-optimization:0.4"
conflicts (security-first requires security tests, which cost-optimization
does not allow); add --on-conflict weighted to drop the lower-weight
persona's constraints on such a parameter.`;
