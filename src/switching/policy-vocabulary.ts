/** The words of the policy file that zod-free code needs (the evaluation in policy.ts). */
/** How a rule's `environments` names the global scope (a request without an environment). No environment name can be it. */
export const GLOBAL_SCOPE = '@global';
/** The wildcard: `*` alone matches anything; inside a pattern, any run of characters. */
export const WILDCARD = '*';
