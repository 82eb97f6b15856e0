/** The run facts a deploy reads from the runner's environment. */
import { runFacts } from '../../src/wiring/deploy-run.js';

const ACTIONS = { GITHUB_RUN_ID: '1234567890', GITHUB_SHA: 'd'.repeat(40), GITHUB_REF_NAME: 'main', GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'o/r' };

describe('runFacts', () => {
  it('reads the run id, sha, ref and repository, and builds the run’s log URL', () => {
    expect(runFacts({ ...ACTIONS, GITHUB_SERVER_URL: 'https://github.com' })).toEqual({
      runId: '1234567890',
      sha: 'd'.repeat(40),
      ref: 'main',
      logUrl: 'https://github.com/o/r/actions/runs/1234567890',
      repository: 'o/r',
    });
  });

  it('uses github.com without a server URL, and a GitHub Enterprise server without its trailing slashes', () => {
    expect(runFacts(ACTIONS).logUrl).toBe('https://github.com/o/r/actions/runs/1234567890');
    expect(runFacts({ ...ACTIONS, GITHUB_SERVER_URL: 'https://ghe.example.com//' }).logUrl).toBe('https://ghe.example.com/o/r/actions/runs/1234567890');
  });

  it.each(['', 'abc', '12a', '-1', '1.5', '../1', '1 ', '1\n', '1'.repeat(21)])('takes only digits as a run id, not %j: no run id, no log URL', (id) => {
    const facts = runFacts({ ...ACTIONS, GITHUB_RUN_ID: id });
    expect(facts.runId).toBe('');
    expect(facts.logUrl).toBe('');
  });

  it('falls back to GITHUB_REF without GITHUB_REF_NAME', () => {
    expect(runFacts({ ...ACTIONS, GITHUB_REF_NAME: undefined }).ref).toBe('refs/heads/main');
    expect(runFacts({ ...ACTIONS, GITHUB_REF_NAME: '' }).ref).toBe('refs/heads/main');
    expect(runFacts({ GITHUB_RUN_ID: '1' }).ref).toBe('');
  });

  it('outside Actions everything is empty', () => {
    expect(runFacts({})).toEqual({ runId: '', sha: '', ref: '', logUrl: '', repository: '' });
  });

  it('has no log URL without the repository', () => {
    expect(runFacts({ ...ACTIONS, GITHUB_REPOSITORY: undefined }).logUrl).toBe('');
  });
});
