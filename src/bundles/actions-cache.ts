// dist/bundles/actions-cache: @actions/cache, loaded only when a remote source is cached across runs.
export * from '../edge/actions-cache.js';
