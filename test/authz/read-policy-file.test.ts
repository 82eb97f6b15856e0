import { DEFAULT_POLICY_PATH, readPolicyFile } from '../../src/authz/read-policy-file.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import { useGitHubApiServer } from '../support/github-api-server.js';
import { userError } from './oidc-fixtures.js';

const POLICY = 'allow:\n  - actors: [octocat]\n    personas: [cost-saver]\nprotected:\n  - persona: emergency-freeze\n    environments: [production]\n';

const standIn = useGitHubApiServer({ 'octo-org/app': { [DEFAULT_POLICY_PATH]: POLICY, 'ops/policy.yml': 'allow: []\n', '.github/folder/a.yml': 'x' } });

const client = () => createGitHubClient({ token: 't0k3n', apiUrl: standIn().baseUrl, retries: 0 });
/** GET /repos/{owner}/{repo}, answered by a canned reply (the next request, whatever its route). */
const repository = (defaultBranch: string) => standIn().queue({ status: 200, body: { full_name: 'octo-org/app', default_branch: defaultBranch } });
const requested = () => standIn().requests.map((r) => `${r.path}${r.query.ref ? `?ref=${r.query.ref}` : ''}`);

describe('readPolicyFile', () => {
  it('reads the policy from the default branch, in the raw media type, named with branch and repository', async () => {
    repository('trunk');
    expect(await readPolicyFile(client(), { owner: 'octo-org', repo: 'app' })).toEqual({
      text: POLICY,
      file: '.github/persona-policy.yml@trunk of octo-org/app',
      ref: 'trunk',
    });
    expect(requested()).toEqual(['/repos/octo-org/app', '/repos/octo-org/app/contents/.github/persona-policy.yml?ref=trunk']);
    expect(standIn().requests[1]?.headers.accept).toBe('application/vnd.github.raw+json');
    expect(standIn().requests.every((r) => r.headers.authorization === 'token t0k3n')).toBe(true);
  });

  it('reads another path when given one', async () => {
    repository('main');
    expect((await readPolicyFile(client(), { owner: 'octo-org', repo: 'app', path: 'ops/policy.yml' }))?.file).toBe('ops/policy.yml@main of octo-org/app');
  });

  it('gives undefined when the default branch has no policy file (no policy)', async () => {
    standIn().setRepo('octo-org', 'app', {});
    repository('main');
    expect(await readPolicyFile(client(), { owner: 'octo-org', repo: 'app' })).toBeUndefined();
  });

  it('fails closed when the repository cannot be read (404 for a private repository without access)', async () => {
    standIn().queue({ status: 404, body: { message: 'Not Found' } });
    const error = await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'secret' }));
    expect(error.message).toMatch(
      /^the persona policy of octo-org\/secret could not be read, so no switch is allowed \(fail closed\): the repository octo-org\/secret was not found/,
    );
    expect(requested()).toEqual(['/repos/octo-org/secret']);
  });

  it('fails closed when reading the file fails otherwise (403, 5xx)', async () => {
    repository('main');
    standIn().queue({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'app' }))).message).toMatch(
      /^the persona policy \.github\/persona-policy\.yml@main of octo-org\/app could not be read, so no switch is allowed \(fail closed\): .*"contents: read"/,
    );
    repository('main');
    standIn().queue({ status: 500 });
    expect((await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'app' }))).message).toMatch(/fail closed\): .*unreachable \(HTTP 500/);
  });

  it('fails closed when GitHub names no default branch, or the path is a folder', async () => {
    standIn().queue({ status: 200, body: { full_name: 'octo-org/app' } });
    expect((await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'app' }))).message).toBe(
      'the persona policy of octo-org/app cannot be read: GitHub named no default branch of octo-org/app',
    );
    repository('main');
    expect((await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'app', path: '.github/folder' }))).message).toMatch(
      /^the persona policy \.github\/folder@main of octo-org\/app could not be read, so no switch is allowed \(fail closed\): the path is a folder, not a file$/,
    );
  });

  it('refuses a path that leaves the repository or is not a file path, before any request', async () => {
    for (const path of ['../other/policy.yml', '/etc/policy.yml', '.github//p.yml', '.github/', 'a\\b.yml', 'p\u0000.yml', '']) {
      expect((await userError(readPolicyFile(client(), { owner: 'octo-org', repo: 'app', path }))).message).toMatch(
        /^the policy path .* must be a file path inside the repository, like \.github\/persona-policy\.yml$/,
      );
    }
    expect(standIn().requests).toEqual([]);
  });
});
