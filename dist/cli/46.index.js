"use strict";
exports.id = 46;
exports.ids = [46];
exports.modules = {

/***/ 2046:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ SafeRemoteCache),
/* harmony export */   InMemoryRemoteCache: () => (/* binding */ InMemoryRemoteCache),
/* harmony export */   LayeredRemoteCache: () => (/* binding */ LayeredRemoteCache),
/* harmony export */   x: () => (/* binding */ digestDocuments)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The digest of fetched documents. One document: the sha256 of its text, so a
 * single file's digest is what `sha256sum file` prints. Several: the sha256 of
 * their `sha256sum`-style manifest (`<hex>  <file>\n` per document, sorted by file).
 */
function digestDocuments(documents) {
    const sha256 = (text) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text, 'utf8').digest('hex');
    if (documents.length === 1)
        return sha256(documents[0].text);
    const manifest = [...documents]
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
        .map((d) => `${sha256(d.text)}  ${d.file}\n`)
        .join('');
    return sha256(manifest);
}
/** A cache held in a Map: the in-process layer, and the test fake. Copies are cloned in and out. */
class InMemoryRemoteCache {
    copies = new Map();
    async restore(sourceKey) {
        const copy = this.copies.get(sourceKey);
        return copy && structuredClone(copy);
    }
    async save(sourceKey, copy) {
        this.copies.set(sourceKey, structuredClone(copy));
    }
    /** The keys that hold a copy. */
    keys() {
        return [...this.copies.keys()];
    }
}
/**
 * Checks the fast in-process cache before the durable one (for example
 * {@link ActionsRemoteCache}), copying durable hits into memory; saves to both.
 * Failures propagate: wrap it in a {@link SafeRemoteCache}.
 */
class LayeredRemoteCache {
    inProcess;
    acrossRuns;
    constructor(inProcess, acrossRuns) {
        this.inProcess = inProcess;
        this.acrossRuns = acrossRuns;
    }
    async restore(sourceKey) {
        const fast = await this.inProcess.restore(sourceKey);
        if (fast)
            return fast;
        const durable = await this.acrossRuns.restore(sourceKey);
        if (durable)
            await this.inProcess.save(sourceKey, durable);
        return durable;
    }
    /** Saves to both layers, even when one fails; then rethrows the first failure. */
    async save(sourceKey, copy) {
        const results = await Promise.allSettled([this.inProcess.save(sourceKey, copy), this.acrossRuns.save(sourceKey, copy)]);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed)
            throw failed.reason;
    }
}
/**
 * The one place cache failures are handled: a restore or save that throws
 * becomes a warning (a restore then reads as a miss). A cache can make a load
 * slower, never fail it.
 */
class SafeRemoteCache {
    inner;
    logger;
    constructor(inner, logger) {
        this.inner = inner;
        this.logger = logger;
    }
    async restore(sourceKey) {
        try {
            return await this.inner.restore(sourceKey);
        }
        catch (error) {
            this.logger.warning(`could not restore the cached copy of ${sourceKey} (${describe(error)}); fetching it instead`);
            return undefined;
        }
    }
    async save(sourceKey, copy) {
        try {
            await this.inner.save(sourceKey, copy);
        }
        catch (error) {
            this.logger.warning(`could not save the cached copy of ${sourceKey} (${describe(error)}); the next run fetches it again`);
        }
    }
}
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ })

};
;