import { blendPersonas } from '../../src/blend/blend.js';
import type { Persona } from '../../src/persona/persona.js';
import { goalsChart } from '../../src/report/persona-markdown.js';

const withGoals = (goals: Persona['optimization_goals']) =>
  blendPersonas([
    { persona: { id: 'p', name: 'P', risk_tolerance: 'medium', constraints: [], optimization_goals: goals, monitoring_thresholds: [] }, weight: 1 },
  ]);

describe('goalsChart', () => {
  it('draws the weights as bars on a fixed 0-1 axis, not as shares of a pie', () => {
    const chart = goalsChart(withGoals([{ metric: 'security', weight: 1 }]));
    expect(chart).toContain('xychart-beta');
    expect(chart).toContain('x-axis ["security"]');
    expect(chart).toContain('y-axis "weight" 0 --> 1');
    expect(chart).toContain('bar [1]');
    expect(chart).not.toContain('pie');
  });

  it('keeps a hostile metric name inside its label: no new chart line, no closed fence, no quote', () => {
    const hostile = 'x"]\n    bar [99]\n```\n## Constraints\r<img src=a>\u2028y';
    const chart = goalsChart(withGoals([{ metric: hostile, weight: 0.5 }]));
    const lines = chart.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.filter((l) => l.includes('bar ['))).toEqual(['    bar [0.5]']);
    expect(lines.filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
    const label = /x-axis \["([^"]*)"\]/.exec(chart)![1]!;
    expect(label).toMatch(/^[A-Za-z0-9_.:/ -]+$/);
  });

  it('draws nothing without a positive goal', () => {
    expect(goalsChart(withGoals([]))).toBe('');
    expect(goalsChart(withGoals([{ metric: 'cost', weight: 0 }]))).toBe('');
  });
});
