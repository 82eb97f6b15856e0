"use strict";
exports.id = 787;
exports.ids = [787];
exports.modules = {

/***/ 8787:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ActionsRemoteCache: () => (/* binding */ ActionsRemoteCache)
});

// UNUSED EXPORTS: remoteCacheKey, remoteCacheKeyPrefix

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./src/edge/load-edge.ts


const unbundled = {
    'artifact-upload': () => import(/* webpackIgnore: true */ './artifact-upload.js'),
    'actions-cache': () => import(/* webpackIgnore: true */ './actions-cache.js'),
};
/**
 * Loads a toolkit module only when a code path needs it.
 *
 * The action bundles are CommonJS, which Node starts faster; `@actions/artifact`
 * and `@actions/cache` reach Azure's storage SDK, whose ES build derives
 * `require` from `import.meta.url` in a way a CommonJS bundle cannot express.
 * So they are bundled separately as ES modules (`dist/edge/<name>/index.js`)
 * and imported from there at run time; unbundled (tests, tsx) the source
 * module is imported directly.
 */
async function importEdge(name) {
    if (true) {
        const file = external_node_path_default().join(__dirname, '..', 'edge', name, 'index.js');
        return (await import(/* webpackIgnore: true */ (0,external_node_url_.pathToFileURL)(file).href));
    }
    return (await unbundled[name]());
}

;// CONCATENATED MODULE: ./src/library/actions-remote-cache.ts




const loadCache = () => importEdge('actions-cache');
const KEY_PREFIX = 'pipeline-personas-src-';
/** `pipeline-personas-src-<sha256(sourceKey), 16 hex>-`: every saved copy of one source starts with it. */
function remoteCacheKeyPrefix(sourceKey) {
    return `${KEY_PREFIX}${(0,external_node_crypto_.createHash)('sha256').update(sourceKey, 'utf8').digest('hex').slice(0, 16)}-`;
}
/** The Actions cache key of one copy: the source's prefix and the first 16 hex of the copy's digest. */
function remoteCacheKey(sourceKey, copy) {
    return `${remoteCacheKeyPrefix(sourceKey)}${copy.digest.slice(0, 16)}`;
}
/**
 * Keeps remote sources' copies across workflow runs in the GitHub Actions
 * cache (`@actions/cache`, imported only when a method runs). Each source's
 * copy is one JSON file in `directory`; a save is keyed by source and digest,
 * and a restore asks for the source's key prefix, so the newest copy comes
 * back. Where the cache service is unavailable (outside Actions, on some
 * GHES), restore finds nothing and save does nothing. Errors propagate: use
 * it inside a {@link SafeRemoteCache}.
 */
class ActionsRemoteCache {
    directory;
    /** @param directory where the JSON files live, e.g. `$RUNNER_TEMP/pipeline-personas-cache`; the same path every run. */
    constructor(directory) {
        this.directory = directory;
    }
    async restore(sourceKey) {
        const cache = await loadCache();
        if (!cache.cacheAvailable())
            return undefined;
        const file = this.file(sourceKey);
        await (0,promises_.mkdir)(this.directory, { recursive: true });
        await (0,promises_.rm)(file, { force: true });
        const prefix = remoteCacheKeyPrefix(sourceKey);
        const hit = await cache.restoreCache([file], prefix, [prefix]);
        if (hit === undefined)
            return undefined;
        return checkCopy(JSON.parse(await (0,promises_.readFile)(file, 'utf8')), hit);
    }
    async save(sourceKey, copy) {
        const cache = await loadCache();
        if (!cache.cacheAvailable())
            return;
        const file = this.file(sourceKey);
        await (0,promises_.mkdir)(this.directory, { recursive: true });
        await (0,promises_.writeFile)(file, JSON.stringify(copy), 'utf8');
        await cache.saveCache([file], remoteCacheKey(sourceKey, copy));
    }
    file(sourceKey) {
        return external_node_path_default().join(this.directory, `${remoteCacheKeyPrefix(sourceKey).slice(KEY_PREFIX.length, -1)}.json`);
    }
}
/** The restored JSON, when it has the shape of a {@link CachedCopy}. */
function checkCopy(value, key) {
    const v = value;
    const ok = typeof v === 'object' &&
        v !== null &&
        Array.isArray(v.documents) &&
        v.documents.every((d) => typeof d?.file === 'string' && typeof d.text === 'string') &&
        typeof v.digest === 'string' &&
        typeof v.fetchedAt === 'string' &&
        (v.etag === undefined || typeof v.etag === 'string');
    if (!ok)
        throw new Error(`the cache entry ${key} is not a cached copy`);
    return v;
}


/***/ })

};
;