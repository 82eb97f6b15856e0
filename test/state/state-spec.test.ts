import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { parseStateSpec } from '../../src/state/state-spec.js';

const context = { repository: 'octo-org/app', workspace: '/work/ws' };
const FORMS = 'accepted forms: branch (the default), branch:<name>, github:OWNER/REPO[@branch], file:<path> or none';

describe('parseStateSpec', () => {
  it.each([
    ['branch', { kind: 'branch', owner: 'octo-org', repo: 'app', branch: 'persona-state', shared: false }],
    ['', { kind: 'branch', owner: 'octo-org', repo: 'app', branch: 'persona-state', shared: false }],
    ['  branch \n', { kind: 'branch', owner: 'octo-org', repo: 'app', branch: 'persona-state', shared: false }],
    ['branch:ops/persona', { kind: 'branch', owner: 'octo-org', repo: 'app', branch: 'ops/persona', shared: false }],
    ['github:acme/persona-store', { kind: 'branch', owner: 'acme', repo: 'persona-store', branch: 'persona-state', shared: true }],
    ['github:acme/store.v2@state', { kind: 'branch', owner: 'acme', repo: 'store.v2', branch: 'state', shared: true }],
    ['file:state/persona.json', { kind: 'file', path: '/work/ws/state/persona.json' }],
    ['file:/srv/persona/state.json', { kind: 'file', path: '/srv/persona/state.json' }],
    ['file:../shared/state.json', { kind: 'file', path: '/work/shared/state.json' }],
    ['none', { kind: 'none' }],
  ])('parses %j', (text, spec) => {
    expect(parseStateSpec(text, context)).toEqual(spec);
  });

  it('needs no repository for github:, file: and none', () => {
    const bare = { workspace: '/w' };
    expect(parseStateSpec('github:a/b', bare).kind).toBe('branch');
    expect(parseStateSpec('file:s.json', bare)).toEqual({ kind: 'file', path: '/w/s.json' });
    expect(parseStateSpec('none', bare)).toEqual({ kind: 'none' });
  });

  it('explains that the branch forms need GITHUB_REPOSITORY', () => {
    for (const text of ['branch', '', 'branch:x']) {
      expect(() => parseStateSpec(text, { workspace: '/w' })).toThrow(
        'input "state": the branch store needs the repository (GITHUB_REPOSITORY, owner/repo) and it is not set; outside GitHub Actions use github:OWNER/REPO[@branch], file:<path> or none',
      );
    }
    expect(() => parseStateSpec('branch', { repository: 'no-slash', workspace: '/w' })).toThrow(
      'input "state": GITHUB_REPOSITORY "no-slash" is not owner/repo',
    );
  });

  it.each([
    ['database', 'is not a state store'],
    ['Branch', 'is not a state store'],
    ['branch:', 'names no branch'],
    ['branch:a..b', 'has ".." or "@{"'],
    ['branch:-x', 'starting with "-"'],
    ['branch:x.lock', 'ending in ".lock"'],
    ['branch:a/.hidden', 'starting with "."'],
    ['branch:x/', 'ending in "/" or "."'],
    ['branch:a//b', 'empty component'],
    ['branch:a b', 'character git does not allow'],
    ['branch:a~1', 'character git does not allow'],
    ['branch:a^{}', 'character git does not allow'],
    ['branch:a:b', 'character git does not allow'],
    ['branch:a?*', 'character git does not allow'],
    ['branch:a[0]', 'character git does not allow'],
    ['branch:a\\b', 'character git does not allow'],
    ['branch:x@{1}', 'has ".." or "@{"'],
    ['branch:a\u0007b', 'control character'],
    ['branch:@', 'is "@"'],
    [`branch:${'b'.repeat(201)}`, 'over 200 characters'],
    ['github:acme', 'exactly one "/"'],
    ['github:acme/app/extra', 'exactly one "/"'],
    ['github:-acme/app', 'has an owner "-acme"'],
    ['github:acme/..', 'has a repository ".."'],
    ['github:acme/a$b', 'has a repository "a$b"'],
    ['github:acme/app@', 'names no branch'],
    ['github:acme/app@a..b', 'has ".." or "@{"'],
    ['file:', 'names no file'],
    ['file:   ', 'names no file'],
    ['file:a\u0000b', 'control character'],
  ])('refuses %j: %s', (text, problem) => {
    let error: unknown;
    try {
      parseStateSpec(text, context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message.startsWith(`input "state": ${JSON.stringify(text.trim()).slice(0, 40)}`)).toBe(true);
    expect(message).toContain(problem);
    expect(message).toContain(FORMS);
  });

  it('names the option it parses and quotes at most 60 characters of the value', () => {
    expect(() => parseStateSpec(`x${'y'.repeat(500)}`, context, 'option --state')).toThrow(/^option --state: "xy{58}…" is not a state store; accepted forms/);
  });
});
