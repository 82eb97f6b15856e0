// dist/bundles/remote-sources: the https:// and github: sources and their caches, loaded only for such a `library` entry.
export * from '../library/remote-sources.js';
