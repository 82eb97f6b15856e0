/**
 * Where the active persona came from, in order of precedence: an explicit
 * input beats the triggering event (a runtime switch), which beats the
 * durable state store, which beats the default.
 */
export const SELECTION_ORDER = ['input', 'event', 'state', 'default'] as const;
/** One of {@link SELECTION_ORDER}. */
export type SelectionSource = (typeof SELECTION_ORDER)[number];

/** During a gradual rollout, whether a run got the target persona or the baseline; `none` otherwise. */
export type Cohort = 'target' | 'baseline' | 'none';

/** A chosen blend expression and where it came from. */
export interface Selection {
  expression: string;
  source: SelectionSource;
  /** The state revision seen (state selections; also event selections, which read no state: absent). */
  revision?: number;
  /** The correlation id of the switch that chose the expression (event and state selections). */
  correlationId?: string;
  /** The rollout cohort (state selections); `none` when absent. */
  cohort?: Cohort;
  /**
   * Where the expression was read, as errors name it: `input "persona"`,
   * `input "default"`, and for the coming selectors an event field
   * (`client_payload.persona`) or the state store.
   */
  origin: string;
}

/** One place a persona can be chosen from; returns nothing when it has no say. */
export interface PersonaSelector {
  readonly source: SelectionSource;
  select(): Promise<Selection | undefined>;
}

/** A selector with a fixed answer: the explicit input and the default. */
export class FixedSelector implements PersonaSelector {
  /** `origin` names where `expression` was read, for errors (`input "persona"`). */
  constructor(
    readonly source: SelectionSource,
    private readonly expression: string,
    private readonly origin: string,
  ) {}
  async select(): Promise<Selection | undefined> {
    return this.expression ? { expression: this.expression, source: this.source, origin: this.origin } : undefined;
  }
}

/**
 * Asks the selectors in precedence order and returns the first answer. Later
 * selectors (event, state) are only consulted when earlier ones are silent.
 */
export async function selectPersona(selectors: readonly PersonaSelector[]): Promise<Selection> {
  const ordered = [...selectors].sort((a, b) => SELECTION_ORDER.indexOf(a.source) - SELECTION_ORDER.indexOf(b.source));
  for (const selector of ordered) {
    const selection = await selector.select();
    if (selection) return selection;
  }
  throw new Error('no persona selector answered; the default selector must always answer');
}
