// bundle format: commonjs
// dist/bundles/patterns: re2js, the linear-time engine of `matches` patterns, loaded only when a persona has one.
export { createPatternEngine, MAX_PATTERN_INSTRUCTIONS } from '../edge/pattern-engine-re2.js';
