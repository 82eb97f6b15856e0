/**
 * The defaults of authorisation, in a module of their own so that the
 * actions' and the CLI's option parsing can name them without loading the
 * OIDC verifier or the GitHub client.
 */

/** Where the policy file is read from, on the default branch of the store's repository. */
export const DEFAULT_POLICY_PATH = '.github/persona-policy.yml';

/** The audience of the OIDC token a protected switch proves its job's environment with. */
export const DEFAULT_OIDC_AUDIENCE = 'pipeline-personas';
