/**
 * What recording deployments needs, loaded as the shared bundle
 * `dist/bundles/deployments` (src/bundles/deployments.ts) only when
 * adapt-deploy (or watch-monitor) has an `environment` to record or count
 * deployments of: the GitHub client stays off the cold path of a deploy
 * that only plans.
 */
export { createGitHubClient } from '../github/github-client.js';
export { githubDeployments } from '../deployments/github-deployments.js';
