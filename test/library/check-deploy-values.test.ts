/** A persona file's deploy_window and canary_steps values are checked when the library is read: one located diagnostic per problem. */
import { lines, source } from './library-fixtures.js';

const team = (...constraints: string[]) => lines('name: Team', 'risk_tolerance: low', 'constraints:', ...constraints.map((c) => `  - ${c}`));
const REPLICAS = '{ parameter: replicas, operator: ">=", value: 2 }';

describe('deployValueDiagnostics through parseDocuments', () => {
  it('accepts good windows, blackouts and canary steps', async () => {
    const result = await source('lib', {
      'p/team.yml': team(
        '{ parameter: deploy_window, operator: in, value: ["Mon-Fri 09:00-17:00", "Sat 10:00-12:00 Europe/Berlin", "Fri 22:00-02:00"] }',
        '{ parameter: deploy_window, operator: not_in, value: ["Fri 16:00-24:00"] }',
        '{ parameter: canary_steps, operator: in, value: ["10,100", "25,50,100"] }',
      ),
      'p/other.yml': lines(
        'name: Other',
        'constraints:',
        '  - { parameter: deploy_window, operator: "=", value: "Mon,Wed 06:00-07:00 America/New_York" }',
        '  - { parameter: deploy_window, operator: "!=", value: "Wed 06:30-06:45" }',
        '  - { parameter: canary_steps, operator: "=", value: "5,25,50,100" }',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.definitions.map((d) => d.definition.id)).toEqual(['team', 'other']);
  });

  it('does not intersect two window lists of one persona as strings: both can allow the same moment', async () => {
    // Monday 10:30 UTC is inside both lists; the deploy gate checks each list at deploy time.
    const result = await source('lib', {
      'p/team.yml': team(
        '{ parameter: deploy_window, operator: in, value: ["Mon-Fri 09:00-17:00"] }',
        '{ parameter: deploy_window, operator: in, value: ["Mon-Thu 10:00-16:00"] }',
      ),
    });
    expect(result.diagnostics).toEqual([]);
  });

  it.each([
    ['a window that is not one', '{ parameter: deploy_window, operator: in, value: ["Mon-Fri 09:00-17:00", "Someday 09:00-17:00"] }', /Someday/],
    ['an unknown zone', '{ parameter: deploy_window, operator: "=", value: "Mon 09:00-17:00 Mars/Olympus" }', /Mars\/Olympus/],
    ['an operator windows do not take', '{ parameter: deploy_window, operator: matches, value: "Mon 09:00-17:00" }', /not matches/],
    ['canary steps that decrease', '{ parameter: canary_steps, operator: "=", value: "50,25,100" }', /canary steps "50,25,100"/],
    ['canary steps short of 100', '{ parameter: canary_steps, operator: in, value: ["5,25,50,100", "5,50"] }', /canary steps "5,50"/],
    ['an operator canary steps do not take', '{ parameter: canary_steps, operator: "!=", value: "5,100" }', /not !=/],
  ])('locates %s at the constraint value: file, line, path', async (_what, bad, message) => {
    const result = await source('lib', { 'p/team.yml': team(REPLICAS, bad) });
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    // The bad constraint is the second (index 1), on line 5 of the file.
    expect(d).toMatchObject({ file: 'p/team.yml', line: 5, path: 'constraints[1].value' });
    expect(d!.message).toMatch(/^persona "team": /);
    expect(d!.message).toMatch(message);
  });

  it('locates a comparison operator on a window at the value too (the parser refuses a string to compare)', async () => {
    const result = await source('lib', { 'p/team.yml': team(REPLICAS, '{ parameter: deploy_window, operator: ">=", value: "Mon 09:00-17:00" }') });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ file: 'p/team.yml', line: 5, path: 'constraints[1].value' });
  });

  it('locates a problem inside a collection file by its full path', async () => {
    const result = await source('lib', {
      'lib/all.yml': lines(
        'personas:',
        '  - name: Ok',
        '    constraints:',
        '      - { parameter: deploy_window, operator: in, value: ["Mon 09:00-10:00"] }',
        '  - name: Bad',
        '    constraints:',
        `      - ${REPLICAS}`,
        '      - { parameter: deploy_window, operator: in, value: ["Mon 9-10"] }',
      ),
    });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ file: 'lib/all.yml', line: 8, path: 'personas[1].constraints[1].value' });
    expect(result.diagnostics[0]!.message).toMatch(/^persona "bad": /);
  });

  it('gives one diagnostic per problem of each file', async () => {
    const result = await source('lib', {
      'p/a.yml': team('{ parameter: deploy_window, operator: in, value: ["Mon 9-10", "Tue 25:00-26:00"] }'),
      'p/b.yml': lines('name: B', 'constraints:', '  - { parameter: canary_steps, operator: "=", value: "abc" }'),
    });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.path])).toEqual([
      ['p/a.yml', 4, 'constraints[0].value'],
      ['p/a.yml', 4, 'constraints[0].value'],
      ['p/b.yml', 3, 'constraints[0].value'],
    ]);
  });
});
