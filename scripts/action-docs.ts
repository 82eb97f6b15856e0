/**
 * Files derived from the actions' metadata (committed, checked fresh in CI
 * by `npm run generate` + `git diff`, and by test/docs/action-docs.test.ts):
 * - the root `action.yml`, which is resolve-persona under the package's name;
 * - the README's input and output tables, between
 *   `<!-- generated: <action> inputs -->` and `<!-- /generated -->` markers;
 * - the README's parameter registry, stage choices and deploy choices tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { resolveBlend } from '../src/blend/blend.js';
import { failurePolicy } from '../src/blend/failure-policy.js';
import { BUILTIN_DEFINITIONS } from '../src/library/builtin-personas.generated.js';
import { PersonaLibrary } from '../src/library/persona-library.js';
import { BUILTIN_CATALOGS } from '../src/planning/builtin-catalogs.js';
import { planDeploy } from '../src/planning/deploy-plan.js';
import { planStage } from '../src/planning/plan-stage.js';
import { planTests } from '../src/planning/test-plan.js';
import { parametersMarkdown } from '../src/report/parameters-markdown.js';
import { deployChoicesMarkdown, type DeployChoiceRow } from '../src/report/deploy-choices-markdown.js';
import { stageChoicesMarkdown, type StageChoiceRow } from '../src/report/stage-choices-markdown.js';

/** The action the repository root runs. */
export const ROOT_ACTION = 'resolve-persona';
/** The root action's name on the Marketplace (each name must be unique there). */
export const ROOT_ACTION_NAME = 'Pipeline Personas';

interface ActionMetadata {
  inputs?: Record<string, { description?: string; default?: string | number | boolean }>;
  outputs?: Record<string, { description?: string }>;
}

/** The folders of actions/ that hold an action.yml, sorted. */
export function actionNames(root: string): string[] {
  const dir = path.join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && readdirSync(path.join(dir, e.name)).includes('action.yml'))
    .map((e) => e.name)
    .sort();
}

/**
 * The root action.yml from `actions/<ROOT_ACTION>/action.yml`: the same text
 * (quoting and comments kept), with the package's name and paths relative to
 * the root.
 */
export function rootActionYaml(subActionText: string): string {
  const body = subActionText.replace(/^name: .*$/m, `name: ${ROOT_ACTION_NAME}`).replace(/(^\s+(?:main|pre|post): )\.\.\/\.\.\//gm, '$1');
  return `# Generated from actions/${ROOT_ACTION}/action.yml by \`npm run generate\`; edit that file instead.\n${body}`;
}

const cell = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const defaultCell = (value: string | number | boolean | undefined) => (value === undefined || value === '' ? "`''`" : `\`${String(value)}\``);

/** The README tables of one action's inputs and outputs, from its action.yml text. */
export function actionTables(actionText: string): { inputs: string; outputs: string } {
  const meta = parse(actionText) as ActionMetadata;
  const inputs = Object.entries(meta.inputs ?? {}).map(([name, i]) => `| \`${name}\` | ${defaultCell(i.default)} | ${cell(i.description ?? '')} |`);
  const outputs = Object.entries(meta.outputs ?? {}).map(([name, o]) => `| \`${name}\` | ${cell(o.description ?? '')} |`);
  return {
    inputs: ['| input | default | meaning |', '|---|---|---|', ...inputs].join('\n'),
    outputs: ['| output | content |', '|---|---|', ...outputs].join('\n'),
  };
}

/** The blends the stage choices table shows besides every built-in persona, each resolved with `on-conflict: weighted`. */
export const STAGE_CHOICE_BLENDS = ['security-first:0.6,cost-optimization:0.4', 'high-velocity:0.7,stability:0.3'];
/** The `max-shards` the stage choices table assumes. */
export const STAGE_CHOICE_MAX_SHARDS = 4;

/**
 * The rows of the README's stage choices table: for each built-in persona
 * (strict) and each of {@link STAGE_CHOICE_BLENDS} (weighted), the build
 * profile planStage chooses, the test tiers and shards planTests chooses
 * (max-shards {@link STAGE_CHOICE_MAX_SHARDS}) from the built-in catalogs,
 * and the failure policy's retries and what follows them.
 */
export function stageChoiceRows(): StageChoiceRow[] {
  const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
  const terms = [
    ...BUILTIN_DEFINITIONS.map((d) => ({ expression: d.definition.id, label: d.definition.id, weighted: false })),
    ...STAGE_CHOICE_BLENDS.map((expression) => ({ expression, label: `${expression} (weighted)`, weighted: true })),
  ];
  return terms.map(({ expression, label, weighted }) => {
    const persona = resolveBlend(library, expression, { onConflict: weighted ? 'weighted' : 'strict' });
    const build = planStage('build', BUILTIN_CATALOGS.build, persona);
    const tests = planTests(persona, BUILTIN_CATALOGS.test, { maxShards: STAGE_CHOICE_MAX_SHARDS });
    const policy = failurePolicy(persona);
    return {
      persona: label,
      buildProfile: build.chosen[0],
      testTiers: tests.tiers,
      shards: tests.shards,
      retries: policy.retries,
      afterRetries: policy.after_retries,
      violations: [...build.violations, ...tests.explanation.violations].map((v) => v.message),
    };
  });
}

/** The blends the deploy choices table shows besides every built-in persona: the freeze against a heavier persona, under both policies. */
export const DEPLOY_CHOICE_BLENDS: ReadonlyArray<{ expression: string; policy: 'strict' | 'weighted' }> = [
  { expression: 'freeze:0.1,high-velocity:0.9', policy: 'strict' },
  { expression: 'freeze:0.1,high-velocity:0.9', policy: 'weighted' },
  { expression: 'performance:0.7,cost-optimization:0.3', policy: 'weighted' },
];

/**
 * The rows of the README's deploy choices table: for each built-in persona
 * (strict) and each of {@link DEPLOY_CHOICE_BLENDS}, what planDeploy
 * chooses from the built-in catalogs (no region input, no deploy windows
 * among the built-ins, so the moment does not matter) and which gates close.
 */
export function deployChoiceRows(): DeployChoiceRow[] {
  const library = PersonaLibrary.build([{ label: 'built-in', definitions: BUILTIN_DEFINITIONS, diagnostics: [] }]);
  const terms = [
    ...BUILTIN_DEFINITIONS.map((d) => ({ expression: d.definition.id, label: d.definition.id, policy: 'strict' as const })),
    ...DEPLOY_CHOICE_BLENDS.map(({ expression, policy }) => ({ expression, label: `${expression} (${policy})`, policy })),
  ];
  return terms.map(({ expression, label, policy }) => {
    const persona = resolveBlend(library, expression, { onConflict: policy });
    const plan = planDeploy(persona, BUILTIN_CATALOGS, { region: '', now: new Date(Date.UTC(2026, 0, 5, 12)) });
    return {
      persona: label,
      risk: persona.risk_tolerance,
      ...(plan.instanceType === undefined ? {} : { instanceType: plan.instanceType }),
      ...(plan.strategy === undefined ? {} : { strategy: plan.strategy }),
      replicas: plan.replicas.value,
      canarySteps: plan.canarySteps.value,
      autoRollback: plan.autoRollback,
      requiresApproval: plan.requiresApproval,
      closedBy: plan.gates.filter((g) => g.action === 'block').map((g) => g.gate),
    };
  });
}

/**
 * The README with every generated table replaced. A marker
 * `<!-- generated: NAME inputs -->` (or `outputs`) is followed by the table
 * and `<!-- /generated -->`. Fails on a marker naming an unknown action.
 * `<!-- generated: parameters -->` is followed by the parameter registry
 * (src/persona/parameter-registry.ts), `<!-- generated: stage choices -->`
 * by `stageChoices()` (default: the table of {@link stageChoiceRows}, only
 * computed when the marker is there), `<!-- generated: deploy choices -->`
 * by `deployChoices()` (default: {@link deployChoiceRows}).
 */
export function renderReadme(
  readme: string,
  actionText: (name: string) => string | undefined,
  stageChoices: () => string = () => stageChoicesMarkdown(stageChoiceRows()),
  deployChoices: () => string = () => deployChoicesMarkdown(deployChoiceRows()),
): string {
  const withParameters = readme
    .replace(
      /(<!-- generated: parameters -->\n)[\s\S]*?(<!-- \/generated -->)/,
      (_m, open: string, close: string) => `${open}${parametersMarkdown()}\n${close}`,
    )
    .replace(/(<!-- generated: stage choices -->\n)[\s\S]*?(<!-- \/generated -->)/, (_m, open: string, close: string) => `${open}${stageChoices()}\n${close}`)
    .replace(
      /(<!-- generated: deploy choices -->\n)[\s\S]*?(<!-- \/generated -->)/,
      (_m, open: string, close: string) => `${open}${deployChoices()}\n${close}`,
    );
  return withParameters.replace(
    /(<!-- generated: ([a-z0-9-]+) (inputs|outputs) -->\n)[\s\S]*?(<!-- \/generated -->)/g,
    (_m, open: string, name: string, kind: string, close: string) => {
      const text = actionText(name);
      if (text === undefined) throw new Error(`README marks tables of unknown action "${name}"`);
      return `${open}${actionTables(text)[kind as 'inputs' | 'outputs']}\n${close}`;
    },
  );
}

/** Every file this module generates, path → content. */
export function generatedActionDocs(root: string): Record<string, string> {
  const names = actionNames(root);
  const read = (name: string) => (names.includes(name) ? readFileSync(path.join(root, 'actions', name, 'action.yml'), 'utf8') : undefined);
  return {
    'action.yml': rootActionYaml(read(ROOT_ACTION)!),
    'README.md': renderReadme(readFileSync(path.join(root, 'README.md'), 'utf8'), read),
  };
}
