// bundle format: commonjs
// dist/bundles/deployments: the GitHub client and the Deployments API (src/wiring/deployments-access.ts),
// loaded by adapt-deploy only when it has an environment whose deployments it counts or records.
export * from '../wiring/deployments-access.js';
