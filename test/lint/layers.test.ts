import { ESLint } from 'eslint';
import { DOMAIN, LAYERS } from '../../scripts/layers.mjs';
import { ROOT } from '../support/run-dist.js';

const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages eslint reports for `code` placed at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer order (scripts/layers.mjs, enforced by eslint)', () => {
  it('refuses an import up the layers, naming what the folder may import', async () => {
    const errors = await layerErrors('src/persona/fixture.ts', "import { runAction } from '../runner/run-action.js';\nexport const x = runAction;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/layer order \(ARCHITECTURE\.md "Layers"\): src\/persona imports only from src\/errors, src\/logging, src\/edge/);
  });

  it('refuses each of the upward imports the review found', async () => {
    const cases: Array<[string, string]> = [
      ['src/report/fixture.ts', '../actions/resolve-persona/constants.js'],
      ['src/cli/fixture.ts', '../actions/resolve-persona/constants.js'],
      ['src/library/fixture.ts', '../handover/persona-outputs.js'],
      ['src/persona/fixture2.ts', '../library/inherit.js'],
      ['src/report/fixture2.ts', '../wiring/write-outputs.js'],
      ['src/constraints/fixture.ts', '../blend/resolved-persona.js'],
    ];
    for (const [file, target] of cases) expect({ file, errors: (await layerErrors(file, `import '${target}';\n`)).length }).toEqual({ file, errors: 1 });
  });

  it('allows imports down the layers and within a folder', async () => {
    expect(
      await layerErrors('src/blend/fixture.ts', "import '../persona/persona.js';\nimport '../constraints/combine-constraints.js';\nimport './blend.js';\n"),
    ).toEqual([]);
    expect(await layerErrors('src/actions/x/fixture.ts', "import '../../wiring/common-inputs.js';\nimport './main.js';\n")).toEqual([]);
  });

  it('keeps folders of one layer apart (an action does not import the CLI)', async () => {
    expect(await layerErrors('src/actions/x/fixture.ts', "import '../../cli/run-cli.js';\n")).toHaveLength(1);
  });

  it('keeps I/O and the toolkit out of the domain', async () => {
    for (const folder of DOMAIN) {
      expect(await layerErrors(`src/${folder}/fixture.ts`, "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
      expect(await layerErrors(`src/${folder}/fixture.ts`, "import * as core from '@actions/core';\nexport const c = core;\n")).toHaveLength(1);
    }
    expect(await layerErrors('src/library/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([]);
  });

  it('covers every folder of src/', async () => {
    const { readdirSync } = await import('node:fs');
    const folders = readdirSync(`${ROOT}/src`, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(LAYERS.flat().sort()).toEqual(folders);
  });
});
