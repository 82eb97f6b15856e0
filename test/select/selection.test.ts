import { FixedSelector, type PersonaSelector, type Selection, type SelectionSource, SELECTION_ORDER, selectPersona } from '../../src/select/selection.js';

/** A selector with a canned answer (or none) that records whether it was asked. */
class FakeSelector implements PersonaSelector {
  calls = 0;
  constructor(
    readonly source: SelectionSource,
    private readonly answer: Selection | undefined,
  ) {}
  async select(): Promise<Selection | undefined> {
    this.calls++;
    return this.answer;
  }
}

const event = (expression: string | undefined) =>
  new FakeSelector('event', expression ? { expression, source: 'event', origin: 'client_payload.persona' } : undefined);
const state = (expression: string | undefined) => new FakeSelector('state', expression ? { expression, source: 'state', origin: 'state store' } : undefined);

/** Every ordering of a list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('SELECTION_ORDER', () => {
  it('is input > event > state > default', () => {
    expect(SELECTION_ORDER).toEqual(['input', 'event', 'state', 'default']);
  });
});

describe('FixedSelector', () => {
  it('answers its expression under its source', async () => {
    expect(await new FixedSelector('input', 'security-first', 'input "persona"').select()).toEqual({
      expression: 'security-first',
      source: 'input',
      origin: 'input "persona"',
    });
    expect(await new FixedSelector('default', 'balanced', 'input "default"').select()).toEqual({
      expression: 'balanced',
      source: 'default',
      origin: 'input "default"',
    });
  });

  it('is silent with an empty expression', async () => {
    expect(await new FixedSelector('input', '', 'input "persona"').select()).toBeUndefined();
  });
});

describe('selectPersona', () => {
  it('prefers input > event > state > default, whatever the order the selectors are given in', async () => {
    const cases: Array<[SelectionSource, Record<SelectionSource, string>]> = [
      ['input', { input: 'i', event: 'e', state: 's', default: 'd' }],
      ['event', { input: '', event: 'e', state: 's', default: 'd' }],
      ['state', { input: '', event: '', state: 's', default: 'd' }],
      ['default', { input: '', event: '', state: '', default: 'd' }],
    ];
    for (const [winner, answers] of cases) {
      const make = () => [
        new FixedSelector('input', answers.input, 'input "persona"'),
        event(answers.event),
        state(answers.state),
        new FixedSelector('default', answers.default, 'input "default"'),
      ];
      for (const order of permutations([0, 1, 2, 3])) {
        const selectors = make();
        const selection = await selectPersona(order.map((i) => selectors[i]!));
        expect({ order, source: selection.source, expression: selection.expression }).toEqual({ order, source: winner, expression: answers[winner] });
      }
    }
  });

  it('returns the selection of the winning selector as is, origin included', async () => {
    const selection = await selectPersona([new FixedSelector('default', 'balanced', 'input "default"'), state('cost-optimization'), event('security-first')]);
    expect(selection).toEqual({ expression: 'security-first', source: 'event', origin: 'client_payload.persona' });
  });

  it('skips silent selectors and does not consult later ones once one answers', async () => {
    const silentEvent = event(undefined);
    const answeringState = state('cost-optimization');
    const unusedDefault = new FakeSelector('default', { expression: 'balanced', source: 'default', origin: 'input "default"' });
    const selection = await selectPersona([unusedDefault, answeringState, silentEvent, new FixedSelector('input', '', 'input "persona"')]);
    expect(selection).toEqual({ expression: 'cost-optimization', source: 'state', origin: 'state store' });
    expect(silentEvent.calls).toBe(1);
    expect(answeringState.calls).toBe(1);
    expect(unusedDefault.calls).toBe(0);
  });

  it('does not consult event or state when the input answers', async () => {
    const e = event('security-first');
    const s = state('cost-optimization');
    expect(await selectPersona([s, e, new FixedSelector('input', 'performance', 'input "persona"')])).toEqual({
      expression: 'performance',
      source: 'input',
      origin: 'input "persona"',
    });
    expect(e.calls).toBe(0);
    expect(s.calls).toBe(0);
  });

  it('throws when no selector answers', async () => {
    await expect(
      selectPersona([new FixedSelector('input', '', 'input "persona"'), event(undefined), new FixedSelector('default', '', 'input "default"')]),
    ).rejects.toThrow(/no persona selector answered/);
    await expect(selectPersona([])).rejects.toThrow(/no persona selector answered/);
  });

  it('does not reorder the caller’s array', async () => {
    const selectors = [new FixedSelector('default', 'balanced', 'input "default"'), new FixedSelector('input', 'x', 'input "persona"')];
    await selectPersona(selectors);
    expect(selectors.map((s) => s.source)).toEqual(['default', 'input']);
  });
});
