import { readFileSync } from 'node:fs';
import { useGitHubApiServer } from '../support/github-api-server.js';

/*
 * The GitHub contents API stand-in (test/support/github-api-standIn().ts) checked
 * against GitHub's own OpenAPI description, so the GitHubSource tests run
 * against the shapes GitHub really sends.
 */

const standIn = useGitHubApiServer({
  'acme/personas': {
    'personas/team.yml': 'name: Team\nrisk_tolerance: low\n',
    'personas/.draft.yml': 'name: Draft\nrisk_tolerance: low\n',
    'personas/nested/deep.yml': 'name: Deep\nrisk_tolerance: medium\n',
  },
});

/** The parts of an OpenAPI schema the checker reads. */
interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}
interface OpenApi {
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>;
  components: { schemas: Record<string, Schema> };
}

/** Where `value` breaks `schema`: missing required properties, unexpected nulls, wrong basic types. */
function schemaProblems(api: OpenApi, schema: Schema, value: unknown, at = '$'): string[] {
  while (schema.$ref) schema = api.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!;
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.oneOf && schema.discriminator) {
    const kind = Array.isArray(value) ? 'array' : String((value as Record<string, unknown>)[schema.discriminator.propertyName]);
    const ref = schema.discriminator.mapping[kind];
    return ref ? schemaProblems(api, { $ref: ref }, value, at) : [`${at} matches no alternative (${kind})`];
  }
  if (schema.type === 'array')
    return Array.isArray(value) ? value.flatMap((item, i) => schemaProblems(api, schema.items ?? {}, item, `${at}[${i}]`)) : [`${at} is not an array`];
  if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
    const record = value as Record<string, unknown>;
    const missing = (schema.required ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key} is missing`);
    const nested = Object.entries(schema.properties ?? {})
      .filter(([key]) => key in record)
      .flatMap(([key, sub]) => schemaProblems(api, sub, record[key], `${at}.${key}`));
    return [...missing, ...nested];
  }
  if (schema.type === 'string' && typeof value !== 'string') return [`${at} is not a string`];
  if (schema.type === 'integer' && !Number.isInteger(value)) return [`${at} is not an integer`];
  return [];
}

describe('the stand-in returns what GitHub’s OpenAPI description requires', () => {
  let api: OpenApi;
  let contents: Schema;
  beforeAll(() => {
    api = JSON.parse(readFileSync(new URL('../../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url), 'utf8')) as OpenApi;
    contents = api.paths['/repos/{owner}/{repo}/contents/{path}']!.get.responses['200']!.content['application/json']!.schema;
  });

  it('for a directory listing (with a file and a subfolder)', () => {
    const listing = standIn().contents('acme', 'personas', 'personas', 'main') as Array<{ type: string }>;
    expect(listing.map((e) => e.type)).toEqual(expect.arrayContaining(['file', 'dir']));
    expect(schemaProblems(api, contents, listing)).toEqual([]);
  });

  it('for a file', () => {
    const file = standIn().contents('acme', 'personas', 'personas/team.yml', 'main');
    expect(file).toMatchObject({ type: 'file', encoding: 'base64' });
    expect(schemaProblems(api, contents, file)).toEqual([]);
  });

  it('with a checker that notices what is missing', () => {
    const file = standIn().contents('acme', 'personas', 'personas/team.yml', 'main') as Record<string, unknown>;
    const { sha: _sha, _links, ...noSha } = file;
    expect(schemaProblems(api, contents, { ...noSha, _links: { ...(_links as object), self: undefined, git: null } })).toEqual([
      '$.sha is missing',
      '$._links.self is not a string',
    ]);
    const listing = standIn().contents('acme', 'personas', 'personas', 'main') as Array<Record<string, unknown>>;
    const { download_url: _d, ...entry } = listing[0]!;
    expect(schemaProblems(api, contents, [entry])).toEqual(['$[0].download_url is missing']);
    expect(schemaProblems(api, contents, { ...file, type: 'weird' })).toEqual(['$ matches no alternative (weird)']);
  });
});
