// Release notes from a Keep a Changelog file (https://keepachangelog.com/en/1.1.0/).
// Pure functions: no I/O, so they are unit-tested directly.

import { ReleaseError } from './release-error.mjs';

const SECTION_HEADING = /^##(?!#)\s*(.*?)\s*$/;
const VERSION_IN_HEADING = /^\[?v?([^\]\s]+?)\]?(?:\s+-\s+.*)?$/;
const LINK_DEFINITION = /^ {0,3}\[([^\]]+)\]:\s*\S+/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * The body of the `## [VERSION]` section of a changelog: the lines between
 * its heading and the next `## ` heading, trimmed. Headings may read
 * `## [0.2.0] - 2026-01-31`, `## 0.2.0` or `## [v0.2.0]`. Link reference
 * definitions (`[0.2.0]: https://…`) are left out, except those the notes
 * themselves use, which are appended so the links still work.
 * @param {string} changelog the text of CHANGELOG.md
 * @param {string} version `MAJOR.MINOR.PATCH`, without `v`
 * @returns {string} the notes, ending with one newline
 * @throws {ReleaseError} when the section is missing, repeated or empty.
 */
export function extractReleaseNotes(changelog, version) {
  const lines = changelog.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headings = sectionHeadings(lines);
  const matching = headings.filter((h) => h.version === version);
  if (matching.length === 0) {
    const known = headings.map((h) => h.version).filter((v) => v.toLowerCase() !== 'unreleased');
    throw new ReleaseError(
      `CHANGELOG.md has no "## [${version}]" section${known.length ? ` (it has ${known.join(', ')})` : ''}: move the Unreleased notes under "## [${version}] - YYYY-MM-DD" and commit before tagging`,
    );
  }
  if (matching.length > 1)
    throw new ReleaseError(`CHANGELOG.md has ${matching.length} "## [${version}]" sections (lines ${matching.map((h) => h.line + 1).join(', ')}): keep one`);
  const start = matching[0].line + 1;
  const next = headings.find((h) => h.line > matching[0].line);
  const body = lines.slice(start, next ? next.line : lines.length).filter((line) => !LINK_DEFINITION.test(line));
  const text = body.join('\n').trim();
  if (!text) throw new ReleaseError(`the "## [${version}]" section of CHANGELOG.md is empty: write what changed before releasing`);
  const used = usedLinkDefinitions(text, linkDefinitions(lines));
  return `${text}\n${used.length ? `\n${used.join('\n')}\n` : ''}`;
}

/** Level-2 headings outside code fences, with the version (or word) each names. */
function sectionHeadings(lines) {
  const headings = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (FENCE.test(line)) fenced = !fenced;
    const heading = fenced ? null : SECTION_HEADING.exec(line);
    if (!heading) return;
    const version = VERSION_IN_HEADING.exec(heading[1]);
    headings.push({ line: index, version: version ? version[1] : heading[1] });
  });
  return headings;
}

/** Every link reference definition of the file, by lower-cased label. */
function linkDefinitions(lines) {
  const definitions = new Map();
  for (const line of lines) {
    const match = LINK_DEFINITION.exec(line);
    if (match && !definitions.has(match[1].toLowerCase())) definitions.set(match[1].toLowerCase(), line.trim());
  }
  return definitions;
}

/** The definitions whose label the notes reference as `[label]`. */
function usedLinkDefinitions(text, definitions) {
  const used = [];
  for (const [label, line] of definitions) {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`\\[${escaped}\\](?!\\()`, 'i').test(text)) used.push(line);
  }
  return used;
}
