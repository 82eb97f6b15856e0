import { parsePersonaFile } from '../../src/persona/parse-persona-file.js';
import { lines } from './helpers.js';

/** Wording of zod's and yaml's own messages, which must never reach users. */
const LIBRARY_WORDING =
  /Invalid input|Invalid option|expected \w+, received|Unrecognized key|Too (small|big)|Invalid string|parseAllDocuments|resource exhaustion|YAML\.\w+\(/;

/** Files with every kind of wrong value we could think of, at every level. */
const BAD_FILES: Array<[string, string]> = [
  [
    'every field the wrong type',
    lines(
      '$schema: 1',
      'name: [a]',
      'id: 3',
      'description: {}',
      'extends: true',
      'constraints: 1',
      'optimization_goals: x',
      'risk_tolerance: 1',
      'monitoring_thresholds: {}',
    ),
  ],
  [
    'entries the wrong type',
    lines('name: A', 'constraints: [1, x, null, [], {}]', 'optimization_goals: [1, x, null, [], {}]', 'monitoring_thresholds: [1, x, null, [], {}]'),
  ],
  [
    'constraint fields the wrong type',
    lines(
      'name: A',
      'constraints:',
      '  - {parameter: 1, operator: 2, value: null}',
      '  - {parameter: [], operator: in, value: [[], {}, null]}',
      '  - {parameter: x, operator: matches, value: [a]}',
    ),
  ],
  [
    'threshold fields the wrong type',
    lines(
      'name: A',
      'monitoring_thresholds:',
      '  - {metric: 1, operator: [], value: x, window: [], severity: 1, action: {}}',
      '  - {metric: x, operator: ">", value: null, window: 0, severity: null, action: null}',
    ),
  ],
  [
    'goal fields the wrong type',
    lines('name: A', 'optimization_goals:', '  - {metric: [], weight: []}', '  - {metric: x, weight: null}', '  - {metric: x, weight: true}'),
  ],
  ['personas entries the wrong type', lines('$schema: []', 'personas: [1, x, null, [], {}, {name: A, constraints: [null]}]')],
  ['personas the wrong type', lines('personas: x')],
  ['several documents', lines('name: A', '---', 'name: B')],
  [
    'an alias bomb',
    lines('x-a: &a [x, x, x, x, x, x, x, x, x]', 'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'x-c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'name: A'),
  ],
];

describe('parsePersonaFile: messages in our own words', () => {
  it.each(BAD_FILES)('%s', (_what, text) => {
    const { diagnostics } = parsePersonaFile('personas/bad.yml', text);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) expect(d.message).not.toMatch(LIBRARY_WORDING);
  });

  it('names what was expected and what was found', () => {
    const { diagnostics } = parsePersonaFile('personas/bad.yml', BAD_FILES[1]![1]);
    for (const d of diagnostics)
      expect(d.message).toMatch(/must be an? \w+ object \(.*\), got (number 1|string "x"|null|an empty list|object \{\})|is required|got nothing/);
  });
});
