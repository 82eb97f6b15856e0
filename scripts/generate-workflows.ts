/**
 * `npm run generate` (workflows): the reusable pipeline workflow
 * `.github/workflows/persona-pipeline.yml`, from the template teams copy,
 * `examples/workflows/persona-pipeline.yml`. The jobs are the same text
 * (comments kept, through the `yaml` Document API); only the header comment
 * and `on:` differ: `on: workflow_call` with the template's workflow_dispatch
 * inputs (a `choice` becomes a `string`; description and default kept; all
 * optional) and every secret the jobs read (optional, described by where it
 * is used).
 *
 * `tsx scripts/generate-workflows.ts` writes the file; `--check` writes
 * nothing and exits 1 naming the stale file (also checked by
 * test/examples/persona-pipeline.test.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';

/** The template, relative to the repository root. */
export const PIPELINE_SOURCE = 'examples/workflows/persona-pipeline.yml';
/** The generated reusable workflow, relative to the repository root. */
export const PIPELINE_REUSABLE = '.github/workflows/persona-pipeline.yml';
/** How other repositories call the reusable workflow. */
export const PIPELINE_REUSABLE_REF = 'pipeline-personas/pipeline-personas/.github/workflows/persona-pipeline.yml@v0.1';

/** One `workflow_dispatch` or `workflow_call` input. */
interface WorkflowInput {
  description?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
  options?: unknown[];
}

/** Where a secret is read: its job, its step (id, name or position; none for a job-level key) and the key (`with.webhook`). */
interface SecretUse {
  name: string;
  job: string;
  step?: string;
  key: string;
}

const SECRET_REFERENCE = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
/** Always there in a called workflow, and not declarable. */
const BUILT_IN_SECRETS = new Set(['GITHUB_TOKEN']);
const LEVELS = ['none', 'read', 'write'] as const;

/** The `workflow_call` inputs for the template's `workflow_dispatch` inputs: `choice` → `string`, all optional. */
export function callInputs(dispatchInputs: Record<string, WorkflowInput>): Record<string, WorkflowInput> {
  return Object.fromEntries(
    Object.entries(dispatchInputs).map(([name, input]) => {
      const call: WorkflowInput = {};
      if (input.description !== undefined) call.description = input.description;
      call.type = input.type === undefined || input.type === 'choice' ? 'string' : input.type;
      call.required = false;
      if (input.default !== undefined) call.default = input.default;
      return [name, call];
    }),
  );
}

/** Every `secrets.NAME` the jobs read, in order of first use (GITHUB_TOKEN excepted), with where it is used. */
export function secretUses(jobs: Node): SecretUse[] {
  const uses = new Map<string, SecretUse>();
  visit(jobs, {
    Scalar(_key, node, ancestry) {
      if (typeof node.value !== 'string') return;
      for (const match of node.value.matchAll(SECRET_REFERENCE)) {
        const name = match[1]!;
        if (!BUILT_IN_SECRETS.has(name) && !uses.has(name)) uses.set(name, { name, ...usePlace(ancestry) });
      }
    },
  });
  return [...uses.values()];
}

/** The job, step and key of a scalar, from its ancestry under the `jobs` mapping (pairs give the keys, a sequence item the step). */
function usePlace(ancestry: readonly unknown[]): Omit<SecretUse, 'name'> {
  const keys: string[] = [];
  let step: string | undefined;
  for (const [index, node] of ancestry.entries()) {
    if (isPair(node) && isScalar(node.key)) keys.push(String(node.key.value));
    const item = ancestry[index + 1];
    if (isSeq(node) && isMap(item)) step = String(item.get('id') ?? item.get('name') ?? node.items.indexOf(item) + 1);
  }
  const [job = '', ...rest] = keys;
  return { job, ...(step === undefined ? {} : { step }), key: rest.filter((key) => key !== 'steps').join('.') };
}

/** A secret's description in `workflow_call.secrets`. */
function secretDescription(use: SecretUse): string {
  return `Optional. Read by job \`${use.job}\`${use.step === undefined ? '' : `, step \`${use.step}\``} (\`${use.key}\`).`;
}

/** The union of the jobs' `permissions:` maps (the most each scope needs): what a caller must grant. */
export function callerPermissions(jobs: Record<string, { permissions?: unknown }>): Record<string, string> {
  const union: Record<string, string> = {};
  for (const [id, job] of Object.entries(jobs)) {
    const granted = job.permissions;
    if (granted === null || typeof granted !== 'object') throw new Error(`job ${id}: declare its permissions as a map (permissions: {} for none)`);
    for (const [scope, level] of Object.entries(granted as Record<string, string>)) {
      const current = union[scope] ?? 'none';
      if (LEVELS.indexOf(level as (typeof LEVELS)[number]) > LEVELS.indexOf(current as (typeof LEVELS)[number])) union[scope] = level;
    }
  }
  return Object.fromEntries(Object.entries(union).filter(([, level]) => level !== 'none'));
}

/** The generated file's header comment (the YAML writer prefixes each line with `#`; a line of one space becomes a bare `#`). */
function header(permissions: Record<string, string>, secrets: SecretUse[]): string {
  const lines = [
    ` Generated from ${PIPELINE_SOURCE} by \`npm run generate\`; edit that file instead.`,
    '',
    ' The persona pipeline as a reusable workflow: resolve → build → test → deploy → watch → report,',
    ' the same jobs as the template, started by `workflow_call`. Its inputs are the template’s',
    ' workflow_dispatch inputs; an input left empty falls back to the caller’s repository variable',
    ' (PERSONA, PERSONA_ENVIRONMENT, …), then to the default. Every secret is optional.',
    '',
    ' Call it from a job of another repository. The caller grants at least what the jobs need',
    ' (a called job gets no more than its caller):',
    '   jobs:',
    '     pipeline:',
    `       uses: ${PIPELINE_REUSABLE_REF}`,
    '       permissions:',
    ...Object.entries(permissions).map(([scope, level]) => `         ${scope}: ${level}`),
    '       with:',
    '         environment: staging',
    '       secrets: inherit # or name them:',
    ...secrets.map((s) => `       #   ${s.name}: \${{ secrets.${s.name} }}`),
  ];
  return lines.map((line) => line || ' ').join('\n');
}

/** The template's mapping of jobs, and its `on.workflow_dispatch.inputs`; an Error when either is missing. */
function templateParts(doc: Document): { jobs: Node; dispatchInputs: Record<string, WorkflowInput> } {
  if (doc.errors.length) throw new Error(`${PIPELINE_SOURCE}: ${doc.errors[0]!.message}`);
  const jobs = doc.get('jobs', true) as Node | undefined;
  if (!isMap(jobs)) throw new Error(`${PIPELINE_SOURCE}: no jobs mapping`);
  const dispatch = doc.getIn(['on', 'workflow_dispatch', 'inputs'], true) as Node | undefined;
  if (!isMap(dispatch)) throw new Error(`${PIPELINE_SOURCE}: no on.workflow_dispatch.inputs mapping`);
  return { jobs, dispatchInputs: dispatch.toJSON() as Record<string, WorkflowInput> };
}

/**
 * The reusable variant of the pipeline template: the same document with the
 * header comment replaced and `on:` replaced by `workflow_call` (inputs and
 * secrets). Pure: text in, text out.
 */
export function reusableWorkflow(sourceText: string): string {
  const doc = parseDocument(sourceText);
  const { jobs, dispatchInputs } = templateParts(doc);
  const secrets = secretUses(jobs);
  const permissions = callerPermissions(jobs.toJSON() as Record<string, { permissions?: unknown }>);
  const call = {
    inputs: callInputs(dispatchInputs),
    secrets: Object.fromEntries(secrets.map((s) => [s.name, { description: secretDescription(s), required: false }])),
  };
  doc.set('on', doc.createNode({ workflow_call: call }));
  // The template's header comment sits on the first key (no blank line before `name:`) or before the document.
  const first = (doc.contents as YAMLMap).items[0];
  if (first && isScalar(first.key)) first.key.commentBefore = undefined;
  doc.commentBefore = header(permissions, secrets);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Every file this script generates, path → content, from the repository at `root`. */
export function generatedWorkflows(root: string): Record<string, string> {
  return { [PIPELINE_REUSABLE]: reusableWorkflow(readFileSync(path.join(root, PIPELINE_SOURCE), 'utf8')) };
}

/** The generated files whose committed text differs from a fresh generation. */
export function staleWorkflows(root: string): string[] {
  const files = generatedWorkflows(root);
  return Object.keys(files).filter((file) => !existsSync(path.join(root, file)) || readFileSync(path.join(root, file), 'utf8') !== files[file]);
}

/** The command line: write the files, or with `--check` report the stale ones (exit 1). */
function main(args: string[]): number {
  const root = path.resolve(import.meta.dirname, '..');
  try {
    if (args.includes('--check')) {
      const stale = staleWorkflows(root);
      for (const file of stale) console.error(`${file} is stale: it differs from what ${PIPELINE_SOURCE} generates; run \`npm run generate\` and commit it.`);
      return stale.length ? 1 : 0;
    }
    const files = generatedWorkflows(root);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, file), text);
    console.log(`generated ${Object.keys(files).join(', ')}`);
    return 0;
  } catch (error) {
    console.error(`generate-workflows: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
