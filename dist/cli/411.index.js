"use strict";
exports.id = 411;
exports.ids = [411];
exports.modules = {

/***/ 9411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   personaJsonSchemaText: () => (/* binding */ personaJsonSchemaText)
/* harmony export */ });
/* unused harmony export personaJsonSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9396);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8439);
/* harmony import */ var _persona_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2030);
/**
 * The JSON schema of a persona file (schema/persona.schema.json), built from
 * the zod schema. Shared by `npm run generate` and `persona schema`, so the
 * two cannot drift. Importing this module loads zod.
 */


/** Objects in the schema reject unknown keys but accept `x-` extension keys. */
function allowExtensions(node) {
    if (Array.isArray(node))
        return node.forEach(allowExtensions);
    if (!node || typeof node !== 'object')
        return;
    const obj = node;
    if (obj.type === 'object' && obj.additionalProperties === false)
        obj.patternProperties = { '^x-': {} };
    Object.values(obj).forEach(allowExtensions);
}
/** The persona file's JSON schema as an object (draft 2020-12, `$defs` named). */
function personaJsonSchema() {
    const names = zod__WEBPACK_IMPORTED_MODULE_1__/* .registry */ .u5();
    names.add(_persona_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .PersonaDefinitionSchema */ .PR, { id: 'Persona' });
    names.add(_persona_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .ConstraintSchema */ .vN, { id: 'Constraint' });
    names.add(_persona_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .GoalSchema */ .JO, { id: 'Goal' });
    names.add(_persona_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .ThresholdSchema */ .$w, { id: 'Threshold' });
    const json = zod__WEBPACK_IMPORTED_MODULE_2__/* .toJSONSchema */ .bl(_persona_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .PersonaFileSchema */ .Wx, { io: 'input', target: 'draft-2020-12', metadata: names });
    allowExtensions(json);
    return {
        $schema: json.$schema,
        title: 'Pipeline persona',
        description: 'A persona file: one persona, or { personas: [...] }. Generated from src/persona/persona-schema.ts; do not edit.',
        ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== '$schema')),
    };
}
/** The text of schema/persona.schema.json: indented by 2, ending with a newline. */
function personaJsonSchemaText() {
    return `${JSON.stringify(personaJsonSchema(), null, 2)}\n`;
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