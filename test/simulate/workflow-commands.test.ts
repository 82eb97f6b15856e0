import { maskText, WorkflowCommandReader } from '../../src/simulate/workflow-commands.js';

describe('WorkflowCommandReader', () => {
  it('reads annotations with their properties, unescaping data and properties', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('::error file=persona.yml,line=3,col=5,title=a%2Cb%3Ac::bad value%0Anext line')).toEqual({
      kind: 'annotation',
      annotation: { level: 'error', properties: { file: 'persona.yml', line: '3', col: '5', title: 'a,b:c' }, message: 'bad value\nnext line' },
    });
    expect(reader.read('::warning::careful')).toEqual({ kind: 'annotation', annotation: { level: 'warning', properties: {}, message: 'careful' } });
    expect(reader.read('::notice title=x::50%25')).toEqual({ kind: 'annotation', annotation: { level: 'notice', properties: { title: 'x' }, message: '50%' } });
  });

  it('reads add-mask, set-output, group, endgroup and debug', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('::add-mask::s3cret')).toEqual({ kind: 'mask', value: 's3cret' });
    expect(reader.read('::set-output name=persona::balanced')).toEqual({ kind: 'output', name: 'persona', value: 'balanced' });
    expect(reader.read('::group::Install')).toEqual({ kind: 'group', title: 'Install' });
    expect(reader.read('::endgroup::')).toEqual({ kind: 'endgroup' });
    expect(reader.read('::debug::detail')).toEqual({ kind: 'debug', text: 'detail' });
  });

  it('treats plain text, unknown commands and commands not at the line start as text', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('hello')).toEqual({ kind: 'text', text: 'hello' });
    expect(reader.read('::frobnicate::x')).toEqual({ kind: 'text', text: '::frobnicate::x' });
    expect(reader.read(' ::add-mask::x')).toEqual({ kind: 'text', text: ' ::add-mask::x' });
    expect(reader.read('reason: `x` ::set-output name=a::b')).toEqual({ kind: 'text', text: 'reason: `x` ::set-output name=a::b' });
  });

  it('reads nothing as a command between stop-commands and its token, and resumes after it', () => {
    const reader = new WorkflowCommandReader();
    expect(reader.read('::stop-commands::pause-token')).toEqual({ kind: 'text', text: '' });
    expect(reader.read('::add-mask::secret')).toEqual({ kind: 'text', text: '::add-mask::secret' });
    expect(reader.read('::set-output name=evil::1')).toEqual({ kind: 'text', text: '::set-output name=evil::1' });
    expect(reader.read('::error::not an annotation')).toEqual({ kind: 'text', text: '::error::not an annotation' });
    expect(reader.read('::endgroup::')).toEqual({ kind: 'text', text: '::endgroup::' });
    expect(reader.read('::other-token::')).toEqual({ kind: 'text', text: '::other-token::' });
    expect(reader.read('::add-mask::still-text')).toEqual({ kind: 'text', text: '::add-mask::still-text' });
    expect(reader.read('::pause-token::')).toEqual({ kind: 'text', text: '::pause-token::' });
    expect(reader.read('::add-mask::secret')).toEqual({ kind: 'mask', value: 'secret' });
  });

  // BUG (reported): the resume line is matched with the command-name pattern [A-Za-z-]+, so a token with digits
  // (GitHub recommends a random token, e.g. a UUID) never resumes commands. Drop `.failing` once the fix lands.
  it('resumes after a stop token containing digits', () => {
    const reader = new WorkflowCommandReader();
    reader.read('::stop-commands::3f2a9c1e-0b7d');
    expect(reader.read('::add-mask::inside').kind).toBe('text');
    reader.read('::3f2a9c1e-0b7d::');
    expect(reader.read('::add-mask::secret')).toEqual({ kind: 'mask', value: 'secret' });
  });

  it('keeps its stop state per reader', () => {
    const paused = new WorkflowCommandReader();
    paused.read('::stop-commands::tok');
    expect(new WorkflowCommandReader().read('::add-mask::abc')).toEqual({ kind: 'mask', value: 'abc' });
    expect(paused.read('::add-mask::abc').kind).toBe('text');
  });
});

describe('maskText', () => {
  it('replaces every masked value, longest first', () => {
    expect(maskText('token abcdef and abc, again abcdef', new Set(['abc', 'abcdef']))).toBe('token *** and ***, again ***');
  });

  it('leaves values shorter than 3 characters and text without masks alone', () => {
    expect(maskText('a b ab', new Set(['a', 'ab']))).toBe('a b ab');
    expect(maskText('nothing here', new Set(['secret']))).toBe('nothing here');
  });
});
