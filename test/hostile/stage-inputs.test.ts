/**
 * Hostile inputs of the stage actions, through the committed bundles and the
 * runner protocol: each is one clear error (exit 1, an annotation naming the
 * input or file, no stack trace, no outputs written) or, where the value is
 * legitimate data, accepted and never executed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDist, type DistRun } from '../support/run-dist.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stage-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (action: string, inputs: Record<string, string>) => runDist(action, { inputs: { 'retry-delay': '10ms', ...inputs }, workspace: dir });
const errors = (r: DistRun) => r.annotations.filter((a) => a.level === 'error');
/** One clear error: exit 1, exactly one error annotation matching `message`, no stack, nothing written to the outputs. */
function refused(r: DistRun, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(errors(r).map((a) => a.message)).toEqual([expect.stringMatching(message)]);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.outputFile).toBe('');
}

describe('hostile stage inputs', () => {
  it('a suites map with a prototype key is refused at its line', async () => {
    const r = await run('adapt-test', { default: 'balanced', suites: 'unit: "true"\n__proto__: "touch pwned"' });
    expect(r.code).toBe(1);
    expect(errors(r).some((a) => a.properties.file === 'input "suites"' && a.properties.line === '2')).toBe(true);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('a runners map that is an alias bomb is refused quickly', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [*${'abcdefghij'[i]}, *${'abcdefghij'[i]}, *${'abcdefghij'[i]}, *${'abcdefghij'[i]}]`),
    ].join('\n');
    const start = Date.now();
    const r = await run('adapt-build', { default: 'balanced', toolchain: 'gcc', runners: bomb });
    expect(r.code).toBe(1);
    expect(errors(r)[0]!.message).toMatch(/alias/i);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('a working directory that does not exist is an error naming the input, before anything runs', async () => {
    refused(await run('adapt-build', { default: 'balanced', 'working-directory': 'no/such/dir' }), /input "working-directory"/);
  });

  it('a coverage report that is a link is refused, not followed', async () => {
    writeFileSync(path.join(dir, 'real.info'), 'SF:a\nLF:1\nLH:1\nend_of_record\n');
    symlinkSync(path.join(dir, 'real.info'), path.join(dir, 'lcov.info'));
    const r = await run('adapt-test', { default: 'balanced', 'coverage-report': 'lcov.info' });
    expect(r.code).toBe(1);
    expect(errors(r)[0]!.message).toMatch(/link/);
  });

  it('a coverage report that is a FIFO is refused without hanging', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.info')]);
    const r = await run('adapt-test', { default: 'balanced', 'coverage-report': 'fifo.info' });
    expect(r.code).toBe(1);
    expect(errors(r)[0]!.message).toMatch(/FIFO|not a regular file|pipe/i);
  });

  it('a max-shards that is not a small whole number is refused by name', async () => {
    for (const value of ['1e3', '-1', '65', '2.5']) refused(await run('adapt-test', { 'max-shards': value }), /input "max-shards"/);
  });

  it('a hand-over whose name carries a line break and workflow commands is refused: no output, no forged annotation', async () => {
    const r0 = await runDist('resolve-persona', { inputs: { persona: 'balanced', artifact: 'false' } });
    const doc = JSON.parse(r0.outputs.persona!) as Record<string, unknown>;
    doc.name = 'Evil\n::set-output name=profile::debug\n::error::forged';
    const r = await run('adapt-build', { persona: JSON.stringify(doc), toolchain: 'gcc' });
    // A line break in a name is a control character the hand-over reader refuses.
    refused(r, /name contains a control character/);
  });

  it('a tier named like a command is only compared, never run', async () => {
    const r = await run('adapt-test', { default: 'security-first', suites: 'unit: "true"\nsecurity: "true"', tier: '$(touch pwned)' });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(r.outputs.outcome).toBe('skipped');
  });

  it('a reason-like persona value with shell syntax reaches the command as data', async () => {
    mkdirSync(path.join(dir, '.github/personas'), { recursive: true });
    writeFileSync(
      path.join(dir, '.github/personas/x.yml'),
      'id: x\nname: "a; touch pwned #"\nconstraints:\n  - { parameter: test_tiers, operator: in, value: [unit] }\n',
    );
    const r = await run('adapt-test', { default: 'x', suites: 'unit: printf %s "$PERSONA_NAME" > name.txt' });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'name.txt'), 'utf8')).toBe('a; touch pwned #');
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });
});
