"use strict";
exports.id = 197;
exports.ids = [197];
exports.modules = {

/***/ 5197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parsePersonaFile: () => (/* binding */ parsePersonaFile)
});

// UNUSED EXPORTS: MAX_ALIAS_COUNT

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/errors/diagnostic.ts
var diagnostic = __webpack_require__(4280);
// EXTERNAL MODULE: ./src/persona/persona-schema.ts
var persona_schema = __webpack_require__(2030);
// EXTERNAL MODULE: ./src/persona/closest.ts
var closest = __webpack_require__(2235);
;// CONCATENATED MODULE: ./src/persona/slug.ts
/**
 * The id a persona gets from its name when it sets none:
 * "Cost Optimization" → `cost-optimization`.
 */
function slugify(name) {
    return name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
}

// EXTERNAL MODULE: ./src/persona/vocabulary.ts
var vocabulary = __webpack_require__(1518);
;// CONCATENATED MODULE: ./src/persona/parse-persona-file.ts






/** The most YAML alias expansions a persona file may make. */
const MAX_ALIAS_COUNT = 64;
const PERSONA_KEYS = Object.keys(persona_schema/* PersonaDefinitionSchema */.PR.shape);
/**
 * Parses and validates a persona file (JSON or YAML), reporting every
 * problem with its line, column and path. Pure: the caller reads the file.
 */
function parsePersonaFile(file, text) {
    const diagnostics = [];
    const fail = (message, line, column, path) => {
        diagnostics.push({ file, line, column, path, message });
        return { definitions: [], diagnostics };
    };
    if (Buffer.byteLength(text, 'utf8') > vocabulary/* MAX_PERSONA_FILE_BYTES */.$P)
        return fail(`file is larger than ${vocabulary/* MAX_PERSONA_FILE_BYTES */.$P} bytes (1 MiB), the most a persona file may be`);
    const lines = new dist/* LineCounter */.HN();
    const isJson = /\.json$/i.test(file);
    if (isJson) {
        const syntax = jsonSyntaxError(text);
        if (syntax) {
            const p = syntax.offset === undefined ? undefined : lines_(text, syntax.offset);
            return fail(`invalid JSON: ${syntax.message}`, p?.line, p?.column);
        }
    }
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, merge: false, ...(isJson ? { schema: 'json' } : {}) });
    const at = (offset) => {
        if (offset === undefined)
            return {};
        const p = lines.linePos(offset);
        return { line: p.line, column: p.col };
    };
    for (const e of [...doc.errors, ...doc.warnings]) {
        const { line, column } = at(e.pos[0]);
        diagnostics.push({ file, line, column, message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
    }
    if (diagnostics.length)
        return { definitions: [], diagnostics };
    walkKeys(doc.contents, [], (key, path, offset) => {
        const { line, column } = at(offset);
        diagnostics.push({ file, line, column, path: (0,diagnostic/* formatPath */.j)([...path, key]), message: `key "${key}" is not allowed` });
    });
    if (diagnostics.length)
        return { definitions: [], diagnostics };
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (error) {
        return fail(`YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} expansions): ${error.message}`);
    }
    if (data === null || data === undefined)
        return fail('file is empty: expected a persona or { personas: [...] }');
    if (typeof data !== 'object' || Array.isArray(data))
        return fail(`expected a persona object or { personas: [...] }, got ${Array.isArray(data) ? 'a list' : typeof data}`, 1, 1);
    const locate = (path, key = false) => at(nodeOffset(doc, path, key));
    const entries = [];
    if ('personas' in data) {
        const { personas, $schema: _s, ...rest } = data;
        for (const key of Object.keys(rest).filter((k) => !k.startsWith('x-')))
            diagnostics.push({ file, ...locate([key]), path: key, message: `unknown key "${key}" beside "personas"` });
        if (!Array.isArray(personas))
            return fail(`personas must be a list`, locate(['personas']).line, locate(['personas']).column, 'personas');
        if (personas.length === 0)
            return fail('personas must not be empty', locate(['personas']).line, locate(['personas']).column, 'personas');
        personas.forEach((raw, i) => entries.push({ raw, prefix: ['personas', i] }));
    }
    else
        entries.push({ raw: data, prefix: [] });
    const definitions = [];
    for (const { raw, prefix } of entries) {
        const result = persona_schema/* PersonaDefinitionSchema */.PR.safeParse(stripExtensionKeys(raw));
        if (!result.success) {
            for (const issue of result.error.issues)
                diagnostics.push(...issueDiagnostics(file, issue, prefix, locate));
            continue;
        }
        const parsed = result.data;
        const id = parsed.id ?? slugify(parsed.name);
        if (!id) {
            diagnostics.push({ file, ...locate([...prefix, 'name']), path: (0,diagnostic/* formatPath */.j)([...prefix, 'name']), message: `cannot derive an id from name ${JSON.stringify(parsed.name)}: set "id"` });
            continue;
        }
        const { $schema: _schema, ...rest } = parsed;
        const definition = { ...rest, id };
        const positions = {};
        const remember = (rel) => {
            const p = locate([...prefix, ...rel]);
            if (p.line !== undefined)
                positions[(0,diagnostic/* formatPath */.j)(rel)] = { line: p.line, column: p.column ?? 1 };
        };
        remember(parsed.id !== undefined ? ['id'] : ['name']);
        if (parsed.extends)
            remember(['extends']);
        parsed.monitoring_thresholds.forEach((_t, i) => remember(['monitoring_thresholds', i, 'action']));
        const start = locate(prefix);
        definitions.push({ definition, origin: { file, line: start.line, column: start.column, path: (0,diagnostic/* formatPath */.j)(prefix), positions } });
    }
    diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { definitions, diagnostics };
}
/** Strict JSON syntax check: YAML's JSON schema would accept comments and trailing commas. */
function jsonSyntaxError(text) {
    try {
        JSON.parse(text);
        return undefined;
    }
    catch (error) {
        const message = error.message;
        const at = /at position (\d+)/.exec(message);
        const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
        const clean = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '').replace(/^JSON\.parse: /, '');
        if (lineCol)
            return { message: clean, offset: offsetOf(text, Number(lineCol[1]), Number(lineCol[2])) };
        return { message: clean, offset: at ? Number(at[1]) : undefined };
    }
}
function offsetOf(text, line, column) {
    let offset = 0;
    for (let l = 1; l < line; l++)
        offset = text.indexOf('\n', offset) + 1;
    return offset + column - 1;
}
function lines_(text, offset) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
}
function issueDiagnostics(file, issue, prefix, locate) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => {
            const hint = (0,closest/* closest */.k)(key, PERSONA_KEYS_FOR(path, prefix));
            return { file, ...locate([...path, key], true), path: (0,diagnostic/* formatPath */.j)([...path, key]), message: `unknown key "${key}"${hint.length ? ` (did you mean "${hint[0]}"?)` : ''}` };
        });
    }
    return [{ file, ...locate(path), path: (0,diagnostic/* formatPath */.j)(path), message: issue.message }];
}
const NESTED_KEYS = {
    constraints: ['parameter', 'operator', 'value'],
    optimization_goals: ['metric', 'weight'],
    monitoring_thresholds: ['metric', 'operator', 'value', 'window', 'severity', 'action'],
};
function PERSONA_KEYS_FOR(path, prefix) {
    const rel = path.slice(prefix.length);
    if (rel.length === 0)
        return PERSONA_KEYS;
    return NESTED_KEYS[String(rel[0])] ?? [];
}
/** Removes `x-` extension keys at every level, so the strict schema ignores them. */
function stripExtensionKeys(value) {
    if (Array.isArray(value))
        return value.map(stripExtensionKeys);
    if (value && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value))
            if (!k.startsWith('x-'))
                out[k] = stripExtensionKeys(v);
        return out;
    }
    return value;
}
/** Calls `onForbidden` for each `__proto__`/`constructor`/`prototype` key. */
function walkKeys(node, path, onForbidden) {
    if ((0,dist/* isMap */.jh)(node)) {
        for (const pair of node.items) {
            if (!(0,dist/* isPair */.tO)(pair))
                continue;
            const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : undefined;
            if (key !== undefined && vocabulary/* FORBIDDEN_KEYS */.p5.has(key))
                onForbidden(key, path, pair.key.range?.[0]);
            walkKeys(pair.value, key === undefined ? path : [...path, key], onForbidden);
        }
    }
    else if ((0,dist/* isSeq */.oP)(node))
        node.items.forEach((item, i) => walkKeys(item, [...path, i], onForbidden));
}
/**
 * Offset of the node at `path` (of its key when `key` is set), or of the
 * deepest ancestor that exists when the value is missing.
 */
function nodeOffset(doc, path, key) {
    let node = doc.contents;
    let offset = node?.range?.[0];
    for (const [i, part] of path.entries()) {
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && String(p.key.value) === String(part));
            if (!pair)
                return offset;
            if (key && i === path.length - 1)
                return pair.key?.range?.[0] ?? offset;
            node = pair.value;
            offset = node?.range?.[0] ?? pair.key?.range?.[0] ?? offset;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof part === 'number' && node.items[part] !== undefined) {
            node = node.items[part];
            offset = node?.range?.[0] ?? offset;
        }
        else
            return offset;
    }
    return offset;
}


/***/ }),

/***/ 2030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $w: () => (/* binding */ ThresholdSchema),
/* harmony export */   JO: () => (/* binding */ GoalSchema),
/* harmony export */   PR: () => (/* binding */ PersonaDefinitionSchema),
/* harmony export */   Wx: () => (/* binding */ PersonaFileSchema),
/* harmony export */   vN: () => (/* binding */ ConstraintSchema)
/* harmony export */ });
/* unused harmony exports IdSchema, PersonaCollectionSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2311);
/* harmony import */ var _vocabulary_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1518);


const describe = (value) => typeof value === 'number' && !Number.isFinite(value) ? String(value) :
    value === undefined ? 'nothing' : Array.isArray(value) ? 'an array' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
const oneOf = (name, options) => zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(options, {
    error: (issue) => issue.input === undefined
        ? `${name} is required (one of ${options.join(', ')})`
        : `unknown ${name} ${JSON.stringify(issue.input)} (expected one of ${options.join(', ')})`,
});
const finite = (what) => zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig({
    error: (issue) => issue.input === undefined
        ? `${what} is required`
        : typeof issue.input === 'number'
            ? `${what} must be a finite number, got ${String(issue.input)}`
            : `${what} must be a number, got ${describe(issue.input)}`,
});
const nonEmpty = (what) => zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string, got ${describe(issue.input)}`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });
/** A persona or parent id: `[a-z0-9][a-z0-9-]*`. */
const IdSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: (issue) => `id must be a string, got ${describe(issue.input)}` })
    .regex(_vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .ID_PATTERN */ .pw, { error: (issue) => `invalid id ${JSON.stringify(issue.input)} (ids are [a-z0-9][a-z0-9-]*)` });
const ScalarSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), finite('value'), zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY()], {
    error: (issue) => `value must be a string, number or boolean, got ${describe(issue.input)}`,
});
/** One constraint; the value's type must fit the operator. */
const ConstraintSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    parameter: nonEmpty('parameter'),
    operator: oneOf('operator', _vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .CONSTRAINT_OPERATORS */ .Mb),
    value: zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([ScalarSchema, zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .unknown */ .L5J())], {
        error: (issue) => `value must be a string, number, boolean or list, got ${describe(issue.input)}`,
    }),
})
    .superRefine((c, ctx) => {
    const v = c.value;
    const bad = (message) => ctx.addIssue({ code: 'custom', path: ['value'], message, input: v });
    switch (c.operator) {
        case '<':
        case '<=':
        case '>':
        case '>=':
            if (typeof v !== 'number' || !Number.isFinite(v))
                bad(`operator "${c.operator}" needs a finite number, got ${describe(v)}`);
            return;
        case 'in':
        case 'not_in':
            if (!Array.isArray(v) || v.length === 0)
                bad(`operator "${c.operator}" needs a non-empty array, got ${describe(v)}`);
            else
                v.forEach((item, i) => {
                    if (!ScalarSchema.safeParse(item).success)
                        ctx.addIssue({ code: 'custom', path: ['value', i], message: `items of "${c.operator}" must be strings, numbers or booleans, got ${describe(item)}`, input: item });
                });
            return;
        case 'matches':
            if (typeof v !== 'string')
                bad(`operator "matches" needs a regular expression string, got ${describe(v)}`);
            else
                try {
                    new RegExp(v);
                }
                catch (error) {
                    bad(`invalid regular expression ${JSON.stringify(v)}: ${error.message.replace(/^Invalid regular expression: /, '')}`);
                }
            return;
        default: {
            const r = ScalarSchema.safeParse(v);
            if (!r.success)
                bad(`operator "${c.operator}" needs a string, number or boolean, got ${describe(v)}`);
        }
    }
});
/** One optimisation goal, weight in [0, 1]. */
const GoalSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    metric: nonEmpty('metric'),
    weight: finite('weight').min(0, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` }).max(1, { error: (i) => `weight must be between 0 and 1, got ${String(i.input)}` }),
});
/** One monitoring threshold: the breach condition `metric operator value`. */
const ThresholdSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    metric: nonEmpty('metric'),
    operator: oneOf('operator', _vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .THRESHOLD_OPERATORS */ .YA),
    value: finite('value'),
    window: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: (i) => `window must be a string such as "5m", got ${describe(i.input)}` })
        .regex(_vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .WINDOW_PATTERN */ .Dd, { error: (i) => `invalid window ${JSON.stringify(i.input)} (expected a duration such as "30s", "5m" or "1h")` })
        .optional(),
    severity: oneOf('severity', _vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC).default('critical'),
    action: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: (i) => `action must be a string, got ${describe(i.input)}` })
        .regex(_vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .THRESHOLD_ACTION_PATTERN */ .Wv, { error: (i) => `unknown action ${JSON.stringify(i.input)} (expected alert, fail, rollback or switch:<persona-id>)` })
        .default('alert'),
});
/** A persona as written in a file. */
const PersonaDefinitionSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    $schema: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    name: nonEmpty('name'),
    id: IdSchema.optional(),
    description: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: (i) => `description must be a string, got ${describe(i.input)}` }).optional(),
    extends: IdSchema.optional(),
    constraints: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(ConstraintSchema, { error: (i) => `constraints must be a list, got ${describe(i.input)}` }).default([]),
    optimization_goals: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(GoalSchema, { error: (i) => `optimization_goals must be a list, got ${describe(i.input)}` }).default([]),
    risk_tolerance: oneOf('risk tolerance', _vocabulary_js__WEBPACK_IMPORTED_MODULE_0__/* .RISK_LEVELS */ .WA).optional(),
    monitoring_thresholds: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(ThresholdSchema, { error: (i) => `monitoring_thresholds must be a list, got ${describe(i.input)}` }).default([]),
})
    .superRefine((p, ctx) => {
    const seen = new Map();
    p.optimization_goals.forEach((g, i) => {
        const first = seen.get(g.metric);
        if (first !== undefined)
            ctx.addIssue({ code: 'custom', path: ['optimization_goals', i, 'metric'], message: `goal "${g.metric}" is already set by optimization_goals[${first}]` });
        else
            seen.set(g.metric, i);
    });
});
/** A file holding several personas. */
const PersonaCollectionSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    $schema: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(),
    personas: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(PersonaDefinitionSchema, { error: (i) => `personas must be a list, got ${describe(i.input)}` }).min(1, { error: 'personas must not be empty' }),
});
/** What a persona file holds: one persona, or `{ personas: [...] }`. */
const PersonaFileSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([PersonaCollectionSchema, PersonaDefinitionSchema]);


/***/ })

};
;