import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStepFiles, parseCommandFile, readStepFiles, stepFileEnv } from '../../src/simulate/step-files.js';

describe('parseCommandFile', () => {
  it('reads name=value lines, keeping later `=` in the value', () => {
    expect(parseCommandFile('a=1\nurl=https://x/?q=1&r=2\r\n\nempty=\n')).toEqual({ a: '1', url: 'https://x/?q=1&r=2', empty: '' });
  });

  it('reads heredoc blocks up to the line that is exactly the delimiter', () => {
    const text = ['persona<<EOF_1', '{"a": "b=c"}', 'line two', 'EOF_1', 'after=yes', ''].join('\n');
    expect(parseCommandFile(text)).toEqual({ persona: '{"a": "b=c"}\nline two', after: 'yes' });
  });

  it('does not end a heredoc on a line that only looks like its delimiter', () => {
    const text = ['value<<ghadelim_9', 'ghadelim_9 ', ' ghadelim_9', 'ghadelim_90', 'evil=injected', 'ghadelim_9', ''].join('\n');
    expect(parseCommandFile(text)).toEqual({ value: 'ghadelim_9 \n ghadelim_9\nghadelim_90\nevil=injected' });
  });

  it('reads `name=a<<b` as a plain value, not a heredoc', () => {
    expect(parseCommandFile('name=a<<b\n')).toEqual({ name: 'a<<b' });
  });

  it('takes an unterminated heredoc to the end of the file', () => {
    expect(parseCommandFile('v<<END\none\ntwo')).toEqual({ v: 'one\ntwo' });
  });
});

describe('step files', () => {
  let temp: string;
  beforeEach(() => (temp = mkdtempSync(path.join(tmpdir(), 'step-files-'))));
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('creates empty files in a fresh folder of RUNNER_TEMP and points the env at them', () => {
    const files = createStepFiles(temp);
    expect(path.dirname(files.dir)).toBe(temp);
    const env = stepFileEnv(files);
    expect(Object.keys(env).sort()).toEqual(['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']);
    for (const file of Object.values(env)) {
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('');
    }
    expect(createStepFiles(temp).dir).not.toBe(files.dir);
  });

  it('reads back what a step wrote', () => {
    const files = createStepFiles(temp);
    appendFileSync(files.output, 'id=balanced\nhandover<<X\n{"k":"v=w"}\nX\n');
    appendFileSync(files.env, 'FOO=bar\n');
    appendFileSync(files.path, '/opt/a\n\n  /opt/b  \n');
    appendFileSync(files.state, 'started=1\n');
    appendFileSync(files.summary, '# Summary\n');
    expect(readStepFiles(files)).toEqual({
      outputs: { id: 'balanced', handover: '{"k":"v=w"}' },
      env: { FOO: 'bar' },
      path: ['/opt/a', '/opt/b'],
      state: { started: '1' },
      summary: '# Summary\n',
    });
  });
});
