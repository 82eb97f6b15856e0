"use strict";
exports.id = 32;
exports.ids = [32];
exports.modules = {

/***/ 6032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ActionsRemoteCache: () => (/* binding */ ActionsRemoteCache)
/* harmony export */ });
/* unused harmony exports remoteCacheKeyPrefix, remoteCacheKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _edge_load_edge_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3003);




const loadCache = () => (0,_edge_load_edge_js__WEBPACK_IMPORTED_MODULE_3__/* .importEdge */ .Z)('actions-cache');
const KEY_PREFIX = 'pipeline-personas-src-';
/** `pipeline-personas-src-<sha256(sourceKey), 16 hex>-`: every saved copy of one source starts with it. */
function remoteCacheKeyPrefix(sourceKey) {
    return `${KEY_PREFIX}${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(sourceKey, 'utf8').digest('hex').slice(0, 16)}-`;
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
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(this.directory, { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(file, { force: true });
        const prefix = remoteCacheKeyPrefix(sourceKey);
        const hit = await cache.restoreCache([file], prefix, [prefix]);
        if (hit === undefined)
            return undefined;
        return checkCopy(JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8')), hit);
    }
    async save(sourceKey, copy) {
        const cache = await loadCache();
        if (!cache.cacheAvailable())
            return;
        const file = this.file(sourceKey);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(this.directory, { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, JSON.stringify(copy), 'utf8');
        await cache.saveCache([file], remoteCacheKey(sourceKey, copy));
    }
    file(sourceKey) {
        return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.directory, `${remoteCacheKeyPrefix(sourceKey).slice(KEY_PREFIX.length, -1)}.json`);
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