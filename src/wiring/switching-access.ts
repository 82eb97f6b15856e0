/**
 * What applying and inspecting switch requests needs (resolve-persona's
 * `mode: switch` and the CLI's switching commands), loaded as the shared
 * bundle `dist/bundles/switching` (src/bundles/switching.ts) only on those
 * paths: the GitHub client, the stores, authorisation (OIDC verification)
 * and the state machine.
 */
export { createGitHubClient } from '../github/github-client.js';
export { applySwitchRequest, recordUnreadableRequest, scopeActive } from './apply-switch-request.js';
export { authoriseRequest } from './switch-authorisation.js';
export { openStateStore } from './open-state-store.js';
export { setCommitStatus } from './commit-status.js';
export { switchMarkdown } from '../report/switch-markdown.js';
export { effectivePersona } from '../switching/effective-persona.js';
export { rolloutProgress } from '../switching/rollout.js';
export { findOriginal } from '../switching/apply-request.js';
export { environmentEntry } from '../switching/apply-scope.js';
