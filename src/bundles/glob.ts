// dist/bundles/glob: tinyglobby, loaded only for a `library` entry with glob characters.
export { glob } from 'tinyglobby';
