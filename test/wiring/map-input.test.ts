/** Map inputs (`suites`, `runners`): YAML read safely, every problem located in the input. */
import { readMapInput } from '../../src/wiring/map-input.js';
import { configurationErrorOfAsync } from '../support/configuration-error.js';

const problems = async (text: string, values: 'text' | 'labels' = 'text') =>
  (await configurationErrorOfAsync(readMapInput(text, 'suites', values))).diagnostics;

describe('readMapInput', () => {
  it('reads tier → command in order, commands with colons and quotes intact', async () => {
    const map = await readMapInput('unit: \'npm test -- --grep "a: b"\'\nsecurity: |\n  npm audit\n  echo "$(date)"\n', 'suites', 'text');
    expect(Object.keys(map)).toEqual(['unit', 'security']);
    expect(map.unit).toBe('npm test -- --grep "a: b"');
    expect(map.security).toBe('npm audit\necho "$(date)"\n');
  });

  it('reads runner labels: one label or a list', async () => {
    expect(await readMapInput('small: ubuntu-latest\nlarge: [self-hosted, linux, 16-core]', 'runners', 'labels')).toEqual(
      Object.assign(Object.create(null), { small: 'ubuntu-latest', large: ['self-hosted', 'linux', '16-core'] }),
    );
  });

  it('locates each bad entry by line, all at once, naming the input', async () => {
    const found = await problems('unit: npm test\nsecurity: 3\ne2e: [a]\n');
    expect(found.map((d) => [d.file, d.line, d.path])).toEqual([
      ['input "suites"', 2, 'security'],
      ['input "suites"', 3, 'e2e'],
    ]);
  });

  it('refuses a list, duplicate keys, prototype keys and alias bombs', async () => {
    expect((await problems('- npm test'))[0]!.message).toMatch(/must be a mapping/);
    expect((await problems('unit: a\nunit: b'))[0]!.message).toMatch(/duplicate|unique/i);
    const proto = await problems('__proto__: x\nunit: a');
    expect(proto.some((d) => /__proto__|forbidden|not allowed/i.test(d.message))).toBe(true);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect((await problems(bomb)).length).toBeGreaterThan(0);
  });

  it('refuses keys that are not names, and more than 100 entries', async () => {
    expect((await problems('"a b": x'))[0]!.message).toMatch(/must be a name/);
    const many = Array.from({ length: 101 }, (_, i) => `t${i}: x`).join('\n');
    expect((await problems(many))[0]!.message).toMatch(/at most 100/);
  });
});
