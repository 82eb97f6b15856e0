"use strict";
exports.id = 874;
exports.ids = [874,46];
exports.modules = {

/***/ 816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tp: () => (/* binding */ describeRequestFailure),
/* harmony export */   U6: () => (/* binding */ DEFAULT_REMOTE_TIMEOUT_MS),
/* harmony export */   ZF: () => (/* binding */ fetchWithCache),
/* harmony export */   eg: () => (/* binding */ SourceUnreachableError)
/* harmony export */ });
/* unused harmony export formatAge */
/* harmony import */ var _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3434);
/* harmony import */ var _remote_cache_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2046);


/** How long a remote source waits for an answer before it counts as unreachable. */
const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;
/**
 * A failure a cached copy may stand in for: a network error, a timeout, a
 * server error. User errors (not found, refused, bad pin) are
 * {@link ConfigurationError}s instead and never fall back to the cache.
 */
class SourceUnreachableError extends Error {
    reason;
    /** @param reason what went wrong, shown in parentheses: `HTTP 503 Service Unavailable`. */
    constructor(reason) {
        super(reason);
        this.reason = reason;
        this.name = 'SourceUnreachableError';
    }
}
/**
 * The fetch-or-fall-back-to-cache logic shared by every remote source:
 * use a trusted cached copy without asking; otherwise revalidate it (ETag);
 * verify the pin; save what changed; and when the server cannot be reached,
 * fall back to the cached copy with a warning naming its age.
 * @throws ConfigurationError when the content does not match its pin, or the
 *   source is unreachable and no usable cached copy exists.
 */
async function fetchWithCache(options) {
    const { sourceKey, display, logger, pin } = options;
    const now = options.now ?? (() => new Date());
    const cache = new _remote_cache_js__WEBPACK_IMPORTED_MODULE_1__/* .SafeRemoteCache */ .G(options.cache, logger);
    const restored = await cache.restore(sourceKey);
    const cached = restored && usableCopy(restored, options);
    if (cached && (pin ? cached.digest === pin : options.immutable)) {
        logger.debug(`library source ${display}: using the cached copy from ${age(cached, now())} (${pin ? 'it matches the pin' : 'the ref is immutable'})`);
        return cached.documents;
    }
    let result;
    try {
        result = await options.fetch(cached?.etag);
        if (result.status === 'not-modified' && !cached)
            throw new SourceUnreachableError('HTTP 304 Not Modified answered a request that had no cached copy');
    }
    catch (error) {
        if (!(error instanceof SourceUnreachableError))
            throw error;
        if (!cached) {
            const missing = restored && pin ? 'no cached copy matches its pin' : 'no cached copy exists';
            throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${display} is unreachable (${error.reason}) and ${missing}`);
        }
        logger.warning(`library source ${display} is unreachable (${error.reason}); using the cached copy from ${age(cached, now())}`);
        return cached.documents;
    }
    if (result.status === 'not-modified') {
        logger.debug(`library source ${display}: not modified since ${cached.fetchedAt}`);
        return cached.documents;
    }
    const digest = (0,_remote_cache_js__WEBPACK_IMPORTED_MODULE_1__/* .digestDocuments */ .x)(result.documents);
    if (pin && digest !== pin)
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${display} does not match its pin: expected sha256 ${pin} but the content has sha256 ${digest}`);
    if (!cached || cached.digest !== digest || cached.etag !== result.etag) {
        const copy = { documents: result.documents, digest, fetchedAt: now().toISOString() };
        if (result.etag !== undefined)
            copy.etag = result.etag;
        await cache.save(sourceKey, copy);
    }
    return result.documents;
}
/** The restored copy when it is intact and, for a pinned source, matches the pin. */
function usableCopy(copy, options) {
    if ((0,_remote_cache_js__WEBPACK_IMPORTED_MODULE_1__/* .digestDocuments */ .x)(copy.documents) !== copy.digest) {
        options.logger.warning(`the cached copy of ${options.display} does not match its digest; ignoring it`);
        return undefined;
    }
    if (options.pin && copy.digest !== options.pin)
        return undefined;
    return copy;
}
/** `3 h ago`, `12 min ago`, `2 d ago`. */
function formatAge(milliseconds) {
    const minutes = Math.floor(milliseconds / 60_000);
    if (!Number.isFinite(milliseconds))
        return 'an unknown time ago';
    if (minutes < 1)
        return 'less than a minute ago';
    if (minutes < 60)
        return `${minutes} min ago`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48)
        return `${hours} h ago`;
    return `${Math.floor(hours / 24)} d ago`;
}
function age(copy, now) {
    return formatAge(now.getTime() - Date.parse(copy.fetchedAt));
}
/**
 * Why a request failed, for {@link SourceUnreachableError}: a timeout of
 * `signal` reads as `timed out after 30 s`, else the error's innermost message.
 */
function describeRequestFailure(error, signal, timeoutMs) {
    if (signal.aborted)
        return `timed out after ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
    let cause = error;
    while (isErrorLike(cause) && isErrorLike(cause.cause))
        cause = cause.cause;
    if (!isErrorLike(cause))
        return String(cause);
    const code = cause.code;
    return cause.message || (typeof code === 'string' ? code : 'unknown network error');
}
/** Duck-typed, because errors from fetch can come from another realm (`instanceof Error` fails there). */
function isErrorLike(value) {
    return typeof value === 'object' && value !== null && typeof value.message === 'string';
}


/***/ }),

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


/***/ }),

/***/ 7874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UrlSource: () => (/* binding */ UrlSource)
/* harmony export */ });
/* unused harmony export parseSourceUrl */
/* harmony import */ var _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3434);
/* harmony import */ var _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(816);
/* harmony import */ var _persona_source_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3085);



const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * Checks a source URL and splits off its `#sha256=` pin.
 *
 * Only `https:` is accepted, except that `http:` is allowed for loopback
 * hosts (`127.0.0.1`, `localhost`, `[::1]`): tests and local mirrors. Plain
 * HTTP to any other host could be altered in transit, so it is refused.
 * @throws ConfigurationError for a malformed URL, another scheme, embedded
 *   credentials or a fragment other than `sha256=<64 hex digits>`.
 */
function parseSourceUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${JSON.stringify(url)} is not a valid URL`);
    }
    const fragment = parsed.hash.slice(1);
    parsed.hash = '';
    const href = parsed.href;
    if (isInsecure(parsed))
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${href} uses http://, which is only allowed for 127.0.0.1, localhost and [::1]: use https://`);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${href} uses ${parsed.protocol}// but only https:// URLs are supported`);
    if (parsed.username || parsed.password)
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${parsed.protocol}//${parsed.host}${parsed.pathname} must not contain credentials: they would show in logs`);
    if (!fragment)
        return { href };
    const pin = /^sha256=([0-9a-f]{64})$/i.exec(fragment);
    if (!pin)
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${href} has the fragment "#${fragment}" but the only fragment allowed is #sha256= followed by 64 hex digits`);
    return { href, sha256: pin[1].toLowerCase() };
}
function isInsecure(url) {
    return url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname);
}
/**
 * One persona file fetched over HTTPS, optionally pinned by `#sha256=`.
 * A pinned copy already in the cache is used without any network; otherwise
 * the cached copy is revalidated with its ETag, and stands in (with a warning
 * naming its age) when the server cannot be reached or answers an error.
 */
class UrlSource {
    options;
    label;
    /** Checks nothing yet: a bad URL fails {@link load}, so it is reported with the library's other problems. */
    constructor(options) {
        this.options = options;
        this.label = options.url;
    }
    /** @throws ConfigurationError when the URL is not acceptable (see {@link parseSourceUrl}) or cannot be fetched. */
    async load() {
        const { href, sha256 } = parseSourceUrl(this.options.url);
        const documents = await (0,_cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchWithCache */ .ZF)({
            sourceKey: href,
            display: href,
            cache: this.options.cache,
            logger: this.options.logger,
            now: this.options.now,
            pin: sha256,
            fetch: (etag) => this.request(href, etag),
        });
        return (0,_persona_source_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDocuments */ .e)(this.label, documents);
    }
    async request(href, etag) {
        const timeoutMs = this.options.timeoutMs ?? _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_REMOTE_TIMEOUT_MS */ .U6;
        const signal = AbortSignal.timeout(timeoutMs);
        const headers = { accept: 'application/yaml, application/json, text/plain, */*' };
        if (etag !== undefined)
            headers['if-none-match'] = etag;
        const doFetch = this.options.fetch ?? globalThis.fetch;
        try {
            const response = await doFetch(href, { headers, signal, redirect: 'follow' });
            if (response.redirected && isInsecure(new URL(response.url)))
                throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${href} redirected to ${response.url}, which uses http:// to a host that is not loopback`);
            if (response.status === 304)
                return { status: 'not-modified' };
            if (!response.ok) {
                await response.body?.cancel().catch(() => undefined);
                throw new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
            }
            // Keep a byte order mark, so the digest is the sha256 of the bytes served.
            const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
            const newEtag = response.headers.get('etag') ?? undefined;
            return { status: 'fresh', documents: [{ file: href, text }], etag: newEtag };
        }
        catch (error) {
            if (error instanceof _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg || error instanceof _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j)
                throw error;
            throw new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg((0,_cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .describeRequestFailure */ .Tp)(error, signal, timeoutMs));
        }
    }
}


/***/ })

};
;