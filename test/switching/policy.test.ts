import type { Diagnostic } from '../../src/errors/diagnostic.js';
import { authorise, NO_POLICY_NOTE, wildcardMatches } from '../../src/switching/policy.js';
import { parsePolicy, readPolicy, type Policy } from '../../src/switching/policy-schema.js';
import { requestFromCli } from '../../src/switching/read-switch-request.js';
import type { SwitchAction } from '../../src/switching/switch-request.js';
import { configurationErrorOf } from '../support/configuration-error.js';

const FILE = '.github/persona-policy.yml';
const id = () => 'c-1';
const sw = (persona: string, environment?: string) => requestFromCli({ action: 'switch', persona, environment }, id);
const cmd = (action: SwitchAction, environment?: string) => requestFromCli({ action, environment }, id);
const alice = { actor: 'alice', triggeringActor: 'alice' };

const diagnostics = (run: () => unknown): Diagnostic[] => [...configurationErrorOf(run).diagnostics];

const policy: Policy = readPolicy(
  `# who may switch
allow:
  - name: operators
    actors: [alice, 'ops-*', 'dashboard[bot]']
    personas: ['*']
  - actors: [bob]
    personas: [cost-optimization, 'speed-*']
    environments: [staging, '@global']
    actions: [switch, revert]
protected:
  - persona: emergency-stop
    environments: [production]
  - persona: compliance
    environments: [audit]
    workflows: ['octo/app/.github/workflows/persona-switch.yml@refs/heads/*']
`,
  FILE,
);

describe('wildcardMatches', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['ops-*', 'ops-alice', true],
    ['ops-*', 'OPS-Alice', true],
    ['ops-*', 'dev-ops-alice', false],
    ['*-bot', 'deploy-bot', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['alice', 'Alice', true],
    ['alice', 'alice2', false],
  ])('%s ~ %s is %s', (pattern, text, expected) => {
    expect(wildcardMatches(pattern, text)).toBe(expected);
  });

  it('can be case-sensitive (workflow refs)', () => {
    expect(wildcardMatches('octo/app/*', 'Octo/app/x', false)).toBe(false);
  });

  it('stays fast on adversarial patterns', () => {
    const start = performance.now();
    expect(wildcardMatches(`${'a*'.repeat(100)}b`, 'a'.repeat(10_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe('authorise', () => {
  it('allows every valid request without a policy, and says so', () => {
    expect(authorise(undefined, sw('emergency-stop'), { actor: 'mallory', triggeringActor: 'mallory' })).toEqual({
      allowed: true,
      rule: undefined,
      notes: [NO_POLICY_NOTE],
    });
  });

  it('names the rule that allowed a request', () => {
    expect(authorise(policy, sw('anything', 'production'), alice)).toEqual({
      allowed: true,
      rule: 'allow[0] ("operators")',
      notes: [],
    });
    expect(authorise(policy, sw('cost-optimization'), { actor: 'BOB', triggeringActor: 'bob' })).toMatchObject({ allowed: true, rule: 'allow[1]' });
    expect(authorise(policy, sw('a'), { actor: 'ops-carol', triggeringActor: 'dashboard[bot]' })).toMatchObject({ allowed: true });
  });

  it('needs both the actor and the triggering actor (a re-run by someone else)', () => {
    expect(authorise(policy, sw('a'), { actor: 'alice', triggeringActor: 'mallory' })).toEqual({
      allowed: false,
      reason: 'switch rejected by allow[0] ("operators"): triggering actor "mallory" is not in its actors (no other allow rule admits it either)',
      rule: 'allow[0] ("operators")',
    });
    expect(authorise(policy, sw('a'), { actor: 'mallory', triggeringActor: 'alice' })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('actor "mallory" is not in its actors'),
    });
  });

  it('needs every persona of a blend', () => {
    const bob = { actor: 'bob', triggeringActor: 'bob' };
    expect(authorise(policy, sw('cost-optimization:0.7,speed-first:0.3'), bob).allowed).toBe(true);
    expect(authorise(policy, sw('cost-optimization+security-first'), bob)).toEqual({
      allowed: false,
      reason: 'switch rejected by allow[1]: persona "security-first" is not in its personas (no other allow rule admits it either)',
      rule: 'allow[1]',
    });
  });

  it('checks the scope: environment names case-insensitively, "@global" for the global scope', () => {
    const bob = { actor: 'bob', triggeringActor: 'bob' };
    expect(authorise(policy, sw('cost-optimization', 'Staging'), bob).allowed).toBe(true);
    expect(authorise(policy, sw('cost-optimization'), bob).allowed).toBe(true);
    expect(authorise(policy, sw('cost-optimization', 'production'), bob)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('allow[1]: environment "production" is not in its environments'),
    });
    const onlyProd = parsePolicy({ allow: [{ actors: ['bob'], environments: ['prod*'] }] }, FILE);
    expect(authorise(onlyProd, sw('a', 'prod-eu'), bob).allowed).toBe(true);
    expect(authorise(onlyProd, sw('a'), bob)).toMatchObject({
      allowed: false,
      reason: 'switch rejected by allow[0]: the global scope (@global) is not in its environments',
    });
    const any = parsePolicy({ allow: [{ actors: ['bob'], environments: ['*'] }] }, FILE);
    expect(authorise(any, sw('a'), bob).allowed).toBe(true);
  });

  it('checks actions; omitted actions allow all', () => {
    const bob = { actor: 'bob', triggeringActor: 'bob' };
    expect(authorise(policy, cmd('pause'), bob)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('allow[1]: action "pause" is not in its actions'),
    });
    expect(authorise(policy, cmd('pause'), alice).allowed).toBe(true);
  });

  it('an empty allow list allows nothing; no allow list allows everyone but protected personas', () => {
    expect(authorise(parsePolicy({ allow: [] }, FILE), sw('a'), alice)).toEqual({
      allowed: false,
      reason: 'the policy allows nothing: its allow list is empty',
      rule: 'allow',
    });
    const onlyProtected = parsePolicy({ protected: [{ persona: 'emergency-stop', environments: ['production'] }] }, FILE);
    expect(authorise(onlyProtected, sw('a'), alice)).toMatchObject({ allowed: true, rule: undefined });
    expect(authorise(onlyProtected, sw('emergency-stop'), alice).allowed).toBe(false);
  });

  describe('protected personas', () => {
    it('are rejected without proof, saying what is needed', () => {
      expect(authorise(policy, sw('emergency-stop'), alice)).toEqual({
        allowed: false,
        reason:
          'persona "emergency-stop" is protected by protected[0]: making it active needs an OIDC token (permissions: id-token: write) from a job in environment "production"; this job has no OIDC token proof of its environment',
        rule: 'protected[0]',
      });
    });

    it('are rejected with proof of another environment, in a blend too', () => {
      expect(authorise(policy, sw('cost:0.5,emergency-stop:0.5'), alice, { environment: 'staging' })).toMatchObject({
        allowed: false,
        reason: expect.stringContaining('this job\'s OIDC token says environment "staging"'),
      });
    });

    it('are accepted from a job in their environment, with a note', () => {
      expect(authorise(policy, sw('emergency-stop'), alice, { environment: 'Production' })).toEqual({
        allowed: true,
        rule: 'allow[0] ("operators")',
        notes: ['persona "emergency-stop" is protected (protected[0]): accepted from environment "Production", proven by the job\'s OIDC token'],
      });
    });

    it('check the workflow when the entry names workflows', () => {
      const ok = { environment: 'audit', jobWorkflowRef: 'octo/app/.github/workflows/persona-switch.yml@refs/heads/main' };
      expect(authorise(policy, sw('compliance'), alice, ok).allowed).toBe(true);
      expect(
        authorise(policy, sw('compliance'), alice, { environment: 'audit', jobWorkflowRef: 'evil/fork/.github/workflows/persona-switch.yml@refs/heads/main' })
          .allowed,
      ).toBe(false);
      expect(authorise(policy, sw('compliance'), alice, { environment: 'audit' }).allowed).toBe(false);
    });

    it('need the same proof when a revert or abort makes them active again, or advance/resume moves a rollout to them', () => {
      for (const action of ['revert', 'abort', 'advance', 'resume'] as const) {
        expect(authorise(policy, cmd(action), alice, undefined, 'emergency-stop')).toMatchObject({ allowed: false, rule: 'protected[0]' });
        expect(authorise(policy, cmd(action), alice, { environment: 'production' }, 'emergency-stop').allowed).toBe(true);
        expect(authorise(policy, cmd(action), alice, undefined, 'cost-optimization').allowed).toBe(true);
      }
    });

    it('do not restrict pause, which makes nothing active', () => {
      expect(authorise(policy, cmd('pause'), alice, undefined, 'emergency-stop').allowed).toBe(true);
    });
  });

  it('checks the persona a revert makes active against the rule', () => {
    const bob = { actor: 'bob', triggeringActor: 'bob' };
    expect(authorise(policy, cmd('revert', 'staging'), bob, undefined, 'speed-first').allowed).toBe(true);
    expect(authorise(policy, cmd('revert', 'staging'), bob, undefined, 'security-first')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('persona "security-first" is not in its personas'),
    });
  });
});

describe('readPolicy', () => {
  it('reads YAML and JSON, ignoring x- keys', () => {
    expect(readPolicy('x-owner: platform\nallow:\n  - actors: [alice]\n', FILE)).toEqual({ allow: [{ actors: ['alice'] }] });
    expect(readPolicy('{"protected":[{"persona":"a","environments":["prod"]}]}', 'policy.json')).toEqual({
      protected: [{ persona: 'a', environments: ['prod'] }],
    });
  });

  it('locates every schema problem by line, column and path, with "did you mean"', () => {
    const text = 'allow:\n  - actors: [alice]\n    persona: [a]\n  - actors: []\n    actions: [deploy]\nprotect: []\n';
    expect(diagnostics(() => readPolicy(text, FILE))).toEqual([
      { file: FILE, line: 3, column: 5, path: 'allow[0].persona', message: 'unknown key "persona" (did you mean "personas"?)' },
      { file: FILE, line: 4, column: 13, path: 'allow[1].actors', message: 'actors must not be empty' },
      {
        file: FILE,
        line: 5,
        column: 15,
        path: 'allow[1].actions[0]',
        message: 'action must be one of switch, advance, pause, resume, abort, revert, *, got string "deploy"',
      },
      { file: FILE, line: 6, column: 1, path: 'protect', message: 'unknown key "protect" (did you mean "protected"?)' },
    ]);
  });

  it('refuses prototype keys, syntax errors, empty files and non-mappings in policy words', () => {
    expect(diagnostics(() => readPolicy('allow:\n  - __proto__: {}\n    actors: [a]\n', FILE))).toEqual([
      { file: FILE, line: 2, column: 5, path: 'allow[0].__proto__', message: 'key "__proto__" is not allowed' },
    ]);
    expect(diagnostics(() => readPolicy('allow: [\n', FILE))[0]).toMatchObject({ file: FILE, line: expect.any(Number) });
    expect(diagnostics(() => readPolicy('# nothing\n', FILE))).toEqual([
      { file: FILE, message: 'the policy file is empty: expected allow: and/or protected:' },
    ]);
    expect(diagnostics(() => readPolicy('- alice\n', FILE))).toEqual([
      { file: FILE, line: 1, column: 1, message: 'the policy must be a mapping with allow: and protected:' },
    ]);
  });

  it('refuses control characters and bad patterns', () => {
    expect(
      diagnostics(() =>
        parsePolicy({ allow: [{ actors: ['ali\u001bce'], personas: ['Cost'] }], protected: [{ persona: 'a', environments: ['@global'] }] }, FILE),
      ),
    ).toEqual([
      { file: FILE, path: 'allow[0].actors[0]', message: 'actor contains a control character (U+001B) at position 4' },
      { file: FILE, path: 'allow[0].personas[0]', message: 'persona "Cost" is not a persona id or a pattern with * (such as "cost-*")' },
      { file: FILE, path: 'protected[0].environments[0]', message: 'environment "@global" is not an environment name' },
    ]);
  });
});
