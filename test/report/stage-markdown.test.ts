// The stage summaries' persona line (src/report/stage-markdown.ts personaLine, used by stageMarkdown and
// watchMarkdown): which persona the stage used, the state revision it was chosen at and the correlation id of the
// switch that set it, right under the heading; null parts left out, outside values escaped.
import { failurePolicy } from '../../src/blend/failure-policy.js';
import { resolveBlend } from '../../src/blend/blend.js';
import { BuiltinSource } from '../../src/library/builtin-source.js';
import { PersonaLibrary } from '../../src/library/persona-library.js';
import { personaLine, stageMarkdown, type StageReport } from '../../src/report/stage-markdown.js';
import { watchMarkdown, type WatchReport } from '../../src/report/watch-markdown.js';

const library = PersonaLibrary.build([await new BuiltinSource().load()]);
const policy = failurePolicy(resolveBlend(library, 'balanced'));

const stage = (more: Partial<StageReport> = {}): StageReport => ({
  action: 'adapt-build',
  personaId: 'balanced',
  how: 'the hand-over of resolve-persona (balanced)',
  revision: null,
  correlationId: null,
  explanations: [],
  details: [],
  policy,
  commands: [],
  dryRun: false,
  ...more,
});

const watch = (more: Partial<WatchReport> = {}): WatchReport => ({
  personaId: 'stability',
  revision: 8,
  correlationId: 'corr-8',
  how: 're-read from the state store: state revision 7',
  outcome: { verdict: 'pass', score: 100, checks: 0, breaches: [], alertOnly: false },
  results: [],
  switches: [],
  taken: [],
  conclusion: 'the step passes',
  ...more,
});

describe('personaLine', () => {
  it('names the persona, the state revision and the switch', () => {
    expect(personaLine('balanced', 7, 'corr-123')).toBe('Persona `balanced` · state revision 7 · switch `corr-123`');
  });

  it('leaves out the parts that are null', () => {
    expect(personaLine('balanced', null, null)).toBe('Persona `balanced`');
    expect(personaLine('balanced', 0, null)).toBe('Persona `balanced` · state revision 0');
    expect(personaLine('balanced', null, 'c-1')).toBe('Persona `balanced` · switch `c-1`');
  });

  it('keeps hostile ids in one code span on one line, control characters shown as escapes', () => {
    const line = personaLine('a`b', 1, 'x\n::warning::owned\u001b[2J<img src=x>');
    expect(line).toBe('Persona `` a`b `` · state revision 1 · switch `x ::warning::owned\\u001b[2J<img src=x>`');
    expect(line).not.toContain('\n');
  });
});

describe('stageMarkdown', () => {
  it('puts the persona line right under the heading, before where the persona came from', () => {
    const md = stageMarkdown(stage({ revision: 7, correlationId: 'corr-123' }));
    expect(md.split('\n').slice(0, 5)).toEqual([
      '## adapt-build: `balanced`',
      '',
      'Persona `balanced` · state revision 7 · switch `corr-123`',
      '',
      'Persona the hand-over of resolve-persona (balanced).',
    ]);
  });

  it('without a state or a switch, names the persona alone', () => {
    expect(stageMarkdown(stage()).split('\n')[2]).toBe('Persona `balanced`');
  });
});

describe('watchMarkdown', () => {
  it('puts the watched persona line, with its revision and switch, under the heading', () => {
    const lines = watchMarkdown(watch()).split('\n');
    expect(lines[0]).toBe('## watch-monitor: `pass` · score 100%');
    expect(lines[2]).toBe('Persona `stability` · state revision 8 · switch `corr-8`');
    expect(lines[4]).toBe('Persona at the start: re-read from the state store: state revision 7 · 0 checks · the step passes');
  });

  it('without a state, names the persona alone', () => {
    expect(watchMarkdown(watch({ revision: null, correlationId: null })).split('\n')[2]).toBe('Persona `stability`');
  });
});
