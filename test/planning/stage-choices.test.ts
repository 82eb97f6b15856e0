import { renderReadme, STAGE_CHOICE_BLENDS, stageChoiceRows } from '../../scripts/action-docs.js';
import { BUILTIN_IDS } from './fixtures.js';

describe("the README's stage choices table", () => {
  const rows = stageChoiceRows();

  it('has a row for every built-in persona, then each documented blend (weighted)', () => {
    expect(rows.map((r) => r.persona)).toEqual([...BUILTIN_IDS, ...STAGE_CHOICE_BLENDS.map((b) => `${b} (weighted)`)]);
    expect(STAGE_CHOICE_BLENDS).toEqual(['security-first:0.6,cost-optimization:0.4', 'high-velocity:0.7,stability:0.3']);
  });

  it("shows each stage's choice and the failure policy's retries", () => {
    const byPersona = new Map(rows.map((r) => [r.persona, r]));
    expect(byPersona.get('security-first')).toMatchObject({
      buildProfile: 'hardened',
      testTiers: ['unit', 'security'],
      shards: 1,
      retries: 1,
      afterRetries: 'rollback',
      violations: [],
    });
    expect(byPersona.get('high-velocity')).toMatchObject({ buildProfile: 'fast', testTiers: ['smoke', 'unit'], shards: 4, retries: 3, afterRetries: 'fail' });
    expect(byPersona.get('security-first:0.6,cost-optimization:0.4 (weighted)')).toMatchObject({
      buildProfile: 'hardened',
      testTiers: ['unit', 'security'],
      retries: 1,
      afterRetries: 'rollback',
    });
    expect(byPersona.get('high-velocity:0.7,stability:0.3 (weighted)')).toMatchObject({ buildProfile: 'fast', testTiers: ['smoke', 'unit'], retries: 1 });
  });

  it('renderReadme fills the marker, and computes the table only when the marker is there', () => {
    let calls = 0;
    const table = () => (calls++, '| t |');
    expect(renderReadme('a\n<!-- generated: stage choices -->\nstale\n<!-- /generated -->\nb', () => undefined, table)).toBe(
      'a\n<!-- generated: stage choices -->\n| t |\n<!-- /generated -->\nb',
    );
    expect(renderReadme('no marker', () => undefined, table)).toBe('no marker');
    expect(calls).toBe(1);
    const real = renderReadme('<!-- generated: stage choices -->\n<!-- /generated -->', () => undefined);
    expect(real.split('\n')).toHaveLength(2 + 2 + rows.length);
    expect(real).toContain('| security-first | `hardened` | `unit`, `security` |');
  });
});
