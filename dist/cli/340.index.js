"use strict";
exports.id = 340;
exports.ids = [340,46];
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

/***/ 5340:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GitHubSource: () => (/* binding */ GitHubSource)
/* harmony export */ });
/* unused harmony exports parseGitHubSpec, formatGitHubSpec */
/* harmony import */ var _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3434);
/* harmony import */ var _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(816);
/* harmony import */ var _local_source_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7172);
/* harmony import */ var _persona_source_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3085);




const SPEC_SHAPE = 'expected github:OWNER/REPO/PATH@REF, where PATH and @REF are optional';
/**
 * Parses `github:OWNER/REPO/PATH@REF`. PATH may name a folder or a single
 * persona file and defaults to the repository root; REF defaults to the
 * default branch. The last `@` starts the ref.
 * @throws ConfigurationError naming what is malformed.
 */
function parseGitHubSpec(spec) {
    const fail = (problem) => {
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${JSON.stringify(spec)} is not a valid GitHub source: ${problem} (${SPEC_SHAPE})`);
    };
    if (!spec.startsWith('github:'))
        fail('it does not start with "github:"');
    const rest = spec.slice('github:'.length);
    const at = rest.lastIndexOf('@');
    const location = at < 0 ? rest : rest.slice(0, at);
    const ref = at < 0 ? undefined : rest.slice(at + 1);
    const [owner = '', repo = '', ...segments] = location.replace(/\/$/, '').split('/');
    if (!owner)
        fail('the owner is missing');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(owner))
        fail(`the owner "${owner}" has characters GitHub does not allow`);
    if (!repo)
        fail('the repository is missing');
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(repo) || repo === '.' || repo === '..')
        fail(`the repository "${repo}" has characters GitHub does not allow`);
    if (segments.some((s) => s === '' || s === '.' || s === '..'))
        fail('the path has an empty, "." or ".." segment');
    if (ref !== undefined) {
        if (!ref)
            fail('the ref after "@" is empty');
        if (/[\s~^:?*[\\]|\.\.|@\{/.test(ref))
            fail(`the ref "${ref}" is not a valid branch, tag or commit`);
    }
    const parsed = { owner, repo, path: segments.join('/') };
    if (ref !== undefined)
        parsed.ref = ref;
    return parsed;
}
/** The canonical `github:OWNER/REPO/PATH@REF` text of a spec. */
function formatGitHubSpec({ owner, repo, path, ref }) {
    return `github:${owner}/${repo}${path ? `/${path}` : ''}${ref !== undefined ? `@${ref}` : ''}`;
}
/**
 * Persona files in a GitHub repository, read through the REST contents API
 * with Octokit (`@actions/github`, loaded only when the source loads). PATH
 * may be a single `.yml`/`.yaml`/`.json` file or a folder; a folder
 * contributes the persona files directly inside it: subfolders are not read.
 * The listing's (or file's) ETag revalidates the cached copy; a commit-SHA
 * ref is immutable, so its cached copy is used without asking. Network and
 * server errors fall back to the cached copy with a warning; not found and
 * refused (404, 401, 403) are configuration errors.
 */
class GitHubSource {
    options;
    label;
    baseUrl;
    parsed;
    client;
    /** Checks nothing yet: a malformed spec fails {@link load}, so it is reported with the library's other problems. */
    constructor(options) {
        this.options = options;
        this.label = options.spec;
        this.baseUrl = (options.baseUrl || 'https://api.github.com').replace(/\/+$/, '');
    }
    get spec() {
        return this.target().spec;
    }
    get display() {
        return this.target().display;
    }
    target() {
        if (!this.parsed) {
            const spec = parseGitHubSpec(this.options.spec);
            this.parsed = { spec, display: formatGitHubSpec(spec) };
        }
        return this.parsed;
    }
    /** @throws ConfigurationError when the spec is malformed, the source is not found or refused, or it is unreachable with no cached copy. */
    async load() {
        const documents = await (0,_cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .fetchWithCache */ .ZF)({
            sourceKey: `${this.display} via ${this.baseUrl}`,
            display: this.display,
            cache: this.options.cache,
            logger: this.options.logger,
            now: this.options.now,
            immutable: this.spec.ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(this.spec.ref),
            fetch: (etag) => this.fetchContents(etag),
        });
        return (0,_persona_source_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDocuments */ .e)(this.label, documents);
    }
    async fetchContents(etag) {
        const top = await this.get(this.spec.path, this.display, etag);
        if (top === 'not-modified')
            return { status: 'not-modified' };
        const { data } = top;
        let documents;
        if (Array.isArray(data)) {
            const files = data
                .filter((item) => item.type === 'file' && _local_source_js__WEBPACK_IMPORTED_MODULE_2__/* .PERSONA_FILE */ .U.test(item.name) && !item.name.startsWith('.'))
                .sort((a, b) => (a.name < b.name ? -1 : 1));
            this.options.logger.debug(`library source ${this.display}: reading ${files.length} persona file(s)`);
            documents = await Promise.all(files.map(async (item) => {
                const file = `${this.display}/${item.name}`;
                const got = await this.get(item.path, file);
                if (got === 'not-modified')
                    throw new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg(`HTTP 304 Not Modified answered an unconditional request for ${file}`);
                return { file, text: decodeContent(got.data, file) };
            }));
        }
        else {
            const item = data;
            if (item.type !== 'file')
                throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${this.display} is a ${item.type}, not a persona file or folder`);
            if (!_local_source_js__WEBPACK_IMPORTED_MODULE_2__/* .PERSONA_FILE */ .U.test(item.name))
                throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${this.display} is not a .json, .yml or .yaml file`);
            documents = [{ file: this.display, text: decodeContent(item, this.display) }];
        }
        return { status: 'fresh', documents, etag: top.etag };
    }
    /** One contents API request, its failures sorted into unreachable and user errors. */
    async get(path, what, etag) {
        const octokit = await this.octokit();
        const timeoutMs = this.options.timeoutMs ?? _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_REMOTE_TIMEOUT_MS */ .U6;
        const signal = AbortSignal.timeout(timeoutMs);
        const encoded = path ? `/${path.split('/').map(encodeURIComponent).join('/')}` : '';
        try {
            const response = await octokit.request(`GET /repos/{owner}/{repo}/contents${encoded}`, {
                owner: this.spec.owner,
                repo: this.spec.repo,
                ...(this.spec.ref !== undefined ? { ref: this.spec.ref } : {}),
                headers: etag !== undefined ? { 'if-none-match': etag } : {},
                request: { signal },
            });
            const newEtag = response.headers.etag;
            return { data: response.data, ...(typeof newEtag === 'string' ? { etag: newEtag } : {}) };
        }
        catch (error) {
            const status = error.status;
            if (typeof status !== 'number')
                throw error;
            const response = error.response;
            if (status === 304)
                return 'not-modified';
            throw this.failure(what, status, response?.headers, () => (0,_cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .describeRequestFailure */ .Tp)(error, signal, timeoutMs));
        }
    }
    failure(what, status, headers, networkReason) {
        const permission = `it needs the "contents: read" permission on ${this.spec.owner}/${this.spec.repo}`;
        if (!headers)
            return new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg(networkReason());
        if (status >= 500)
            return new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg(`HTTP ${status}`);
        const rateLimited = headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined;
        if ((status === 403 || status === 429) && rateLimited)
            return new _cached_fetch_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceUnreachableError */ .eg(`HTTP ${status}, the API rate limit is exhausted`);
        if (status === 404)
            return new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${what} was not found (HTTP 404): check the owner, repository, path and ref, and that the token can read the repository`);
        if (status === 401)
            return new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${what} was refused (HTTP 401): the token is missing or invalid, and ${permission}`);
        if (status === 403)
            return new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${what} was refused (HTTP 403): the token cannot read the repository; ${permission}`);
        return new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${what} could not be read (HTTP ${status})`);
    }
    octokit() {
        this.client ??= (async () => {
            const token = this.options.token;
            if (!token)
                throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${this.display} needs a GitHub token that can read the repository ("contents: read"), and none was given`);
            const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
            return getOctokit(token, {
                baseUrl: this.baseUrl,
                userAgent: 'pipeline-personas',
                ...(this.options.fetch ? { request: { fetch: this.options.fetch } } : {}),
            });
        })();
        return this.client;
    }
}
/** The text of a contents API file object. */
function decodeContent(item, file) {
    if (item.encoding !== 'base64' || typeof item.content !== 'string')
        throw new _errors_configuration_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`library source ${file} has no inline content (encoding "${item.encoding ?? 'none'}", ${item.size} bytes): persona files may be at most 1 MiB`);
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.from(item.content, 'base64'));
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


/***/ })

};
;