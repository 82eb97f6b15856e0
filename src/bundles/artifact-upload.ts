// dist/bundles/artifact-upload: @actions/artifact (and Azure's storage SDK), loaded only to upload.
export * from '../edge/artifact-upload.js';
