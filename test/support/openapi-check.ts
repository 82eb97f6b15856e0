import { readFileSync } from 'node:fs';
import type { RecordedRequest } from './github-api-server.js';

/*
 * Checks an exchange with the GitHub stand-in against GitHub's own OpenAPI
 * description (@octokit/openapi): the route and method exist, the status is
 * documented for them, the request body fits the documented request schema
 * (no unknown fields, enums and lengths kept), the query names only documented
 * parameters, and the JSON answer fits the documented response schema.
 */

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  maxLength?: number;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
}
type Content = Record<string, { schema: Schema }>;
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Content };
  responses: Record<string, { $ref?: string; content?: Content }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, { content?: Content }>; parameters: Record<string, Parameter> };
}

const api = JSON.parse(readFileSync(new URL('../../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url), 'utf8')) as OpenApi;

/**
 * Where `value` breaks `schema`: missing required properties, unexpected
 * nulls, wrong types; with `strict` (request bodies) also properties the
 * schema does not name (GitHub would ignore them silently: a typo).
 */
function problems(schema: Schema, value: unknown, at = '$', strict = false): string[] {
  while (schema.$ref) schema = api.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!;
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.allOf) return schema.allOf.flatMap((part) => problems(part, value, at, strict));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((alt) => problems(alt, value, at, strict).length === 0) ? [] : [`${at} matches no alternative`];
  if (schema.type === 'array')
    return Array.isArray(value) ? value.flatMap((item, i) => problems(schema.items ?? {}, item, `${at}[${i}]`, strict)) : [`${at} is not an array`];
  if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
    const record = value as Record<string, unknown>;
    const named = schema.properties ?? {};
    const closed = schema.additionalProperties === false || (strict && schema.additionalProperties === undefined && Object.keys(named).length > 0);
    const missing = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key} is missing`);
    const unknown = closed
      ? Object.keys(record)
          .filter((key) => !(key in named))
          .map((key) => `${at}.${key} is not allowed`)
      : [];
    const nested = Object.entries(named)
      .filter(([key]) => key in record)
      .flatMap(([key, sub]) => problems(sub, record[key], `${at}.${key}`, strict));
    return [...missing, ...unknown, ...nested];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${at} is not one of ${schema.enum.join(', ')}`];
  if (schema.type === 'string' && typeof value !== 'string') return [`${at} is not a string`];
  if (schema.maxLength !== undefined && typeof value === 'string' && value.length > schema.maxLength) return [`${at} is longer than ${schema.maxLength}`];
  if (schema.type === 'integer' && !Number.isInteger(value)) return [`${at} is not an integer`];
  if (schema.type === 'boolean' && typeof value !== 'boolean') return [`${at} is not a boolean`];
  return [];
}

/** The documented routes the stand-in serves; `{path}` and `{ref}` may hold slashes. */
const TEMPLATES = [
  '/repos/{owner}/{repo}',
  '/repos/{owner}/{repo}/contents/{path}',
  '/repos/{owner}/{repo}/git/blobs',
  '/repos/{owner}/{repo}/git/trees',
  '/repos/{owner}/{repo}/git/commits',
  '/repos/{owner}/{repo}/git/refs',
  '/repos/{owner}/{repo}/git/ref/{ref}',
  '/repos/{owner}/{repo}/commits',
  '/repos/{owner}/{repo}/dispatches',
  '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
  '/repos/{owner}/{repo}/statuses/{sha}',
  '/repos/{owner}/{repo}/deployments',
  '/repos/{owner}/{repo}/deployments/{deployment_id}',
  '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
];

function templateOf(path: string): string | undefined {
  return TEMPLATES.find((template) => new RegExp(`^${template.replace(/\{(path|ref)\}/g, '.+').replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
}

/** Every way `request` and its answer differ from GitHub's description (an empty list when they agree). */
export function check(request: RecordedRequest): string[] {
  const line = `${request.method} ${request.path} → ${request.status}`;
  const template = templateOf(request.path);
  const operation = template ? api.paths[template]?.[request.method.toLowerCase()] : undefined;
  if (!operation) return [`${line}: not a documented route`];
  const out: string[] = [];
  const queryNames = (operation.parameters ?? []).map((p) => (p.$ref ? api.components.parameters[p.$ref.replace('#/components/parameters/', '')]! : p));
  const documented = new Set(queryNames.filter((p) => p.in === 'query').map((p) => p.name));
  out.push(
    ...Object.keys(request.query ?? {})
      .filter((name) => !documented.has(name))
      .map((name) => `query ${name} is not a documented parameter`),
  );
  const requestSchema = operation.requestBody?.content['application/json']?.schema;
  if (request.body)
    out.push(...(requestSchema ? problems(requestSchema, JSON.parse(request.body), 'request', true) : ['request has a body GitHub does not take']));
  let response = operation.responses[String(request.status)];
  if (!response) return [...out, `status ${request.status} is not documented`].map((p) => `${line}: ${p}`);
  if (response.$ref) response = api.components.responses[response.$ref.replace('#/components/responses/', '')]!;
  const responseSchema = response.content?.['application/json']?.schema;
  if (request.reply !== undefined) out.push(...(responseSchema ? problems(responseSchema, request.reply, 'response') : ['a body where GitHub sends none']));
  else if (responseSchema && request.status !== 200) out.push('no body where GitHub sends one');
  return out.map((p) => `${line}: ${p}`);
}
