// dist/bundles/octokit: @actions/github's Octokit, loaded only when a code path calls GitHub's API (src/github/github-client.ts).
export { GitHub, getUserAgentWithOrchestrationId } from '@actions/github/lib/utils';
