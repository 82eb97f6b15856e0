/**
 * The authorisation policy file (`.github/persona-policy.yml`): who may
 * ask for which persona in which scope, and which personas only a job in a
 * protected environment may switch to. The zod schema is the format's
 * single source of truth; readPolicy reads the YAML with the persona
 * files' located errors. Importing this module loads zod (and readPolicy
 * the yaml library).
 */
import { z } from 'zod';
import { GLOBAL_SCOPE, WILDCARD } from './policy-vocabulary.js';

export { GLOBAL_SCOPE, WILDCARD };
import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from '../errors/describe-value.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { quote } from '../errors/quote.js';
import { didYouMean } from '../persona/closest.js';
import { controlCharacterMessage, NO_CONTROL_CHARACTERS } from '../persona/control-characters.js';
import { isRecord } from '../persona/is-record.js';
import { readFull } from '../persona/parse-full.js';
import type { Locate, Path, Where } from '../persona/parse-types.js';
import { ID_PATTERN, MAX_PERSONA_FILE_BYTES } from '../persona/vocabulary.js';
import { SWITCH_ACTIONS } from './switch-request.js';

const pattern = (what: string, grammar: RegExp, expected: string) =>
  z
    .string({ error: (issue) => `${what} must be a string, got ${describeValue(issue.input)}` })
    .regex(NO_CONTROL_CHARACTERS, { error: (issue) => controlCharacterMessage(what, issue.input) ?? `${what} contains a control character`, abort: true })
    .max(255, { error: `${what} is longer than 255 characters`, abort: true })
    .regex(grammar, { error: (issue) => `${what} ${quote(String(issue.input))} is not ${expected}` });

const list = <T extends z.ZodType>(what: string, item: T) =>
  z.array(item, { error: (issue) => `${what} must be a list, got ${describeValue(issue.input)}` }).min(1, { error: `${what} must not be empty` });

const ACTOR = pattern('actor', /^[A-Za-z0-9*][A-Za-z0-9*_.[\]-]*$/, 'a GitHub login or a pattern with * (such as "octocat", "ops-*" or "deploy-bot[bot]")');
const PERSONA = pattern('persona', /^[a-z0-9*][a-z0-9*-]*$/, 'a persona id or a pattern with * (such as "cost-*")');
const SCOPE = pattern('environment', /^(@global|[A-Za-z0-9*][A-Za-z0-9 ._/*-]*)$/, `an environment name, a pattern with *, or ${quote(GLOBAL_SCOPE)}`);
const ENVIRONMENT = pattern('environment', /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'an environment name');
const WORKFLOW = pattern(
  'workflow',
  /^[A-Za-z0-9*][A-Za-z0-9 ._/@*-]*$/,
  'a job_workflow_ref or a pattern with * (such as "octo-org/app/.github/workflows/persona-switch.yml@*")',
);
const ACTIONS = [...SWITCH_ACTIONS, WILDCARD] as const;

/** One allow rule: every condition must hold; an omitted list allows anything. */
export const AllowRuleSchema = z
  .strictObject(
    {
      name: z.string({ error: 'name must be a string' }).max(100).regex(NO_CONTROL_CHARACTERS).optional().describe('A name for messages.'),
      actors: list('actors', ACTOR).describe('Who may ask: both github.actor and github.triggering_actor must match an entry. Case-insensitive.'),
      personas: list('personas', PERSONA).optional().describe('Personas that may be asked for; every persona of a blend must match. Omitted: any.'),
      environments: list('environments', SCOPE)
        .optional()
        .describe(
          `Scopes the request may change: environment names (case-insensitive), "${GLOBAL_SCOPE}" for the global scope, "*" for every scope. Omitted: any.`,
        ),
      actions: list('actions', z.enum(ACTIONS, { error: (i) => `action must be one of ${ACTIONS.join(', ')}, got ${describeValue(i.input)}` }))
        .optional()
        .describe('Requests the rule allows (switch, advance, pause, resume, abort, revert). Omitted: all.'),
    },
    {
      error: (i) =>
        i.code === 'invalid_type' ? `an allow rule must be an object { actors, personas, environments, actions }, got ${describeValue(i.input)}` : undefined,
    },
  )
  .describe('Allows the listed actors to make the listed requests.');

/** A protected persona: only a job running in one of `environments` may make it active. */
export const ProtectedSchema = z
  .strictObject(
    {
      persona: z
        .string({ error: (i) => `persona must be a persona id, got ${describeValue(i.input)}` })
        .regex(ID_PATTERN, { error: (i) => `persona ${quote(String(i.input))} is not a persona id` })
        .describe('The persona id.'),
      environments: list('environments', ENVIRONMENT).describe(
        'Deployment environments (configured with required reviewers) a job must run in, proven by its OIDC token, to make the persona active.',
      ),
      workflows: list('workflows', WORKFLOW).optional().describe("Optional: the job's job_workflow_ref claim must match one of these (case-sensitive)."),
    },
    { error: (i) => (i.code === 'invalid_type' ? `a protected entry must be an object { persona, environments }, got ${describeValue(i.input)}` : undefined) },
  )
  .describe('A persona only a job in a protected environment may switch to.');

/** The policy file. */
export const PolicySchema = z
  .strictObject(
    {
      allow: z.array(AllowRuleSchema, { error: (i) => `allow must be a list, got ${describeValue(i.input)}` }).optional(),
      protected: z.array(ProtectedSchema, { error: (i) => `protected must be a list, got ${describeValue(i.input)}` }).optional(),
    },
    { error: (i) => (i.code === 'invalid_type' ? `the policy must be a mapping with allow: and protected:, got ${describeValue(i.input)}` : undefined) },
  )
  .describe('Who may switch personas. With no allow list every actor is allowed (protected personas still need their environment).');

/** A checked policy. */
export type Policy = z.output<typeof PolicySchema>;
/** One allow rule. */
export type AllowRule = z.output<typeof AllowRuleSchema>;
/** One protected persona. */
export type ProtectedPersona = z.output<typeof ProtectedSchema>;

/** The keys of the object the schema describes at `path`, for "did you mean". */
function keysAt(path: Path): string[] {
  if (path.length === 0) return Object.keys(PolicySchema.shape);
  return path[0] === 'allow' ? Object.keys(AllowRuleSchema.shape) : Object.keys(ProtectedSchema.shape);
}

/**
 * Checks parsed policy data. `locate` gives the line and column of a path
 * when the caller has them (readPolicy does).
 * @throws ConfigurationError with every problem, at `file` and the path (`allow[1].actors[0]`).
 */
export function parsePolicy(data: unknown, file: string, locate: Locate = () => ({})): Policy {
  const result = PolicySchema.safeParse(data);
  if (result.success) return result.data;
  const problems: Diagnostic[] = [];
  const at = (path: Path, message: string, where: Where) => problems.push({ file, ...where, path: formatPolicyPath(path), message });
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) at([...path, key], `unknown key ${quote(key)}${didYouMean(key, keysAt(path))}`, locate([...path, key], true));
    else at(path, issue.message, locate(path));
  }
  throw new ConfigurationError(problems);
}

/** `allow[1].actors[0]`; '' for the root. */
function formatPolicyPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/**
 * Reads a policy file's YAML (or JSON) text with the persona files'
 * reader: syntax errors, nesting, aliases and prototype keys located by
 * line and column, then the schema. `x-` keys are ignored.
 * @throws ConfigurationError with every problem, located in `file`.
 */
export function readPolicy(text: string, file: string): Policy {
  if (text.length > MAX_PERSONA_FILE_BYTES) throw new ConfigurationError({ file, message: `the policy file is larger than ${MAX_PERSONA_FILE_BYTES} bytes` });
  const problems: Diagnostic[] = [];
  const read = readFull(text, /\.json$/i.test(file), (message, where = {}, path) => {
    // The reader words a few messages for persona files; say them for a policy.
    const worded = message.startsWith('file is empty') ? 'the policy file is empty: expected allow: and/or protected:' : message;
    const located = worded.startsWith('expected a persona object') ? 'the policy must be a mapping with allow: and protected:' : worded;
    problems.push({ file, ...where, ...(path ? { path: formatPolicyPath(path) } : {}), message: located });
  });
  if (problems.length || !read) throw new ConfigurationError(problems.length ? problems : [{ file, message: 'cannot read the policy file' }]);
  if (!isRecord(read.data)) throw new ConfigurationError({ file, message: 'the policy must be a mapping with allow: and protected:' });
  return parsePolicy(read.data, file, read.locate);
}
