import { actionTables, renderReadme, rootActionYaml } from '../../scripts/action-docs.js';

const action = `name: Thing – sub
description: d
inputs:
  alpha:
    description: "First | second"
    required: false
    default: ""
  beta:
    description: |
      Two
      lines
    required: false
    default: "true"
outputs:
  out:
    description: An output.
runs:
  using: node24
  main: ../../dist/thing/index.js
  post: ../../dist/thing/post/index.js
`;

describe('rootActionYaml', () => {
  it('renames the action, points at root-relative bundles and says it is generated', () => {
    const root = rootActionYaml(action);
    expect(root.split('\n')[0]).toMatch(/^# Generated from actions\/resolve-persona\/action\.yml/);
    expect(root).toContain('\nname: Pipeline Personas\n');
    expect(root).toContain('  main: dist/thing/index.js');
    expect(root).toContain('  post: dist/thing/post/index.js');
    expect(root).not.toContain('../../');
  });
});

describe('actionTables', () => {
  it('lists inputs with defaults and escaped one-line descriptions, and outputs', () => {
    const { inputs, outputs } = actionTables(action);
    expect(inputs.split('\n')).toEqual([
      '| input | default | meaning |',
      '|---|---|---|',
      "| `alpha` | `''` | First \\| second |",
      '| `beta` | `true` | Two lines |',
    ]);
    expect(outputs.split('\n')).toEqual(['| output | content |', '|---|---|', '| `out` | An output. |']);
  });
});

describe('renderReadme', () => {
  it('replaces only the marked tables', () => {
    const readme = 'intro\n<!-- generated: thing outputs -->\nstale\n<!-- /generated -->\noutro\n';
    expect(renderReadme(readme, (name) => (name === 'thing' ? action : undefined))).toBe(
      'intro\n<!-- generated: thing outputs -->\n| output | content |\n|---|---|\n| `out` | An output. |\n<!-- /generated -->\noutro\n',
    );
  });

  it('fails on a marker that names an unknown action', () => {
    expect(() => renderReadme('<!-- generated: nope inputs -->\n<!-- /generated -->', () => undefined)).toThrow(/unknown action "nope"/);
  });
});
