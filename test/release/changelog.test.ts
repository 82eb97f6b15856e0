import { describe, expect, it } from '@jest/globals';
import { extractReleaseNotes } from '../../scripts/release/changelog.mjs';
import { ReleaseError } from '../../scripts/release/release-error.mjs';

const CHANGELOG = `# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

### Added

- Something not released yet.

## [0.2.0] - 2026-12-01

### Added

- Persona hand-over, see [#42].

### Fixed

- A bug.

\`\`\`yaml
## not a heading: inside a code block
\`\`\`

## [0.1.0] - 2026-11-30

- First release.

[Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD
[0.2.0]: https://github.com/o/r/compare/v0.1.0...v0.2.0
[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0
[#42]: https://github.com/o/r/pull/42
`;

describe('extractReleaseNotes', () => {
  it('returns the body of the version section, up to the next level-2 heading, with the link definitions it uses', () => {
    expect(extractReleaseNotes(CHANGELOG, '0.2.0')).toBe(
      [
        '### Added',
        '',
        '- Persona hand-over, see [#42].',
        '',
        '### Fixed',
        '',
        '- A bug.',
        '',
        '```yaml',
        '## not a heading: inside a code block',
        '```',
        '',
        '[#42]: https://github.com/o/r/pull/42',
        '',
      ].join('\n'),
    );
  });

  it('leaves the trailing version link definitions out of the last section', () => {
    expect(extractReleaseNotes(CHANGELOG, '0.1.0')).toBe('- First release.\n');
  });

  it.each([
    ['## [0.3.0] - 2026-12-24', '0.3.0'],
    ['## 0.3.0', '0.3.0'],
    ['## [v0.3.0]', '0.3.0'],
    ['## 0.3.0 - 2026-12-24 [YANKED]', '0.3.0'],
  ])('reads the heading %j', (heading, version) => {
    expect(extractReleaseNotes(`# Changelog\r\n\r\n${heading}\r\n\r\n- Notes.\r\n`, version)).toBe('- Notes.\n');
  });

  it('does not take a longer version for a shorter one', () => {
    expect(() => extractReleaseNotes('## [0.2.10]\n\n- x\n', '0.2.1')).toThrow(/has no "## \[0\.2\.1\]" section \(it has 0\.2\.10\)/);
  });

  it('fails clearly when the section is missing', () => {
    expect(() => extractReleaseNotes(CHANGELOG, '0.3.0')).toThrow(ReleaseError);
    expect(() => extractReleaseNotes(CHANGELOG, '0.3.0')).toThrow(
      'CHANGELOG.md has no "## [0.3.0]" section (it has 0.2.0, 0.1.0): move the Unreleased notes under "## [0.3.0] - YYYY-MM-DD" and commit before tagging',
    );
  });

  it('fails when the section is empty or repeated', () => {
    expect(() => extractReleaseNotes('## [0.3.0]\n\n   \n## [0.2.0]\n- x\n', '0.3.0')).toThrow(/section of CHANGELOG\.md is empty/);
    expect(() => extractReleaseNotes('## [0.3.0]\n- a\n## [0.3.0]\n- b\n', '0.3.0')).toThrow(/has 2 "## \[0\.3\.0\]" sections \(lines 1, 3\)/);
  });

  it('does not match a level-3 heading', () => {
    expect(() => extractReleaseNotes('## [0.2.0]\n### 0.3.0\n- x\n', '0.3.0')).toThrow(/has no "## \[0\.3\.0\]" section/);
  });
});
