/**
 * Everything remote sources need, loaded together (as `dist/bundles/remote-sources`,
 * shared by every action and the CLI) only when a `library` entry is a URL or
 * a `github:` spec.
 */
export { createGitHubClient } from '../github/github-client.js';
export { RequestLimiter } from '../github/request-limiter.js';
export { SOURCE_RETRY_POLICY } from '../github/retry-policy.js';
export { ActionsRemoteCache } from './actions-remote-cache.js';
export { GitHubSource } from './github-source.js';
export { InMemoryRemoteCache, LayeredRemoteCache } from './remote-cache.js';
export { UrlSource } from './url-source.js';
