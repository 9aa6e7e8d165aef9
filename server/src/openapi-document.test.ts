/**
 * The OpenAPI document as the tools people point at it read it: it validates with a maintained
 * validator, and every `pattern` in it is a flagless regular expression that accepts what the API
 * itself returns and accepts (real ids from real responses, the bodies it took, the examples it
 * shows). A client generated from the document must not reject the API's own values.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import request from 'supertest';
import { startTestApi, type TestApi } from './test-support/api';
import { makeNeighbourhood, published } from './modules/notices/test-factories';

type Schema = Record<string, unknown>;
type Doc = {
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema> };
};

function resolve(doc: Doc, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(doc, target);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a value plausibly is an instance of this branch (for anyOf / oneOf). */
function fits(doc: Doc, schema: Schema, value: unknown): boolean {
  const s = resolve(doc, schema);
  if (s.enum) return (s.enum as unknown[]).includes(value);
  const t = s.type as string | undefined;
  const vt = typeOf(value);
  if (t && !(t === vt || (t === 'number' && vt === 'integer'))) return vt === 'null' && s.nullable === true;
  if (vt === 'object' && s.properties) {
    const required = (s.required as string[] | undefined) ?? [];
    const obj = value as Record<string, unknown>;
    if (!required.every((k) => k in obj)) return false;
    return Object.entries(s.properties as Record<string, Schema>).every(
      ([k, sub]) => !(k in obj) || fits(doc, sub, obj[k]),
    );
  }
  return true;
}

interface Checked {
  pattern: string;
  value: string;
  where: string;
}

/** Walks a value alongside its schema and records every (pattern, string) pair it meets. */
function collect(doc: Doc, schema: Schema, value: unknown, where: string, out: Checked[]): void {
  const s = resolve(doc, schema);
  for (const key of ['allOf'] as const) {
    for (const sub of (s[key] as Schema[] | undefined) ?? []) collect(doc, sub, value, where, out);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    for (const sub of (s[key] as Schema[] | undefined) ?? []) {
      if (fits(doc, sub, value)) collect(doc, sub, value, where, out);
    }
  }
  if (typeof s.pattern === 'string' && typeof value === 'string')
    out.push({ pattern: s.pattern, value, where });
  if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => collect(doc, s.items as Schema, item, `${where}[${i}]`, out));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(value)) {
      const sub =
        props[k] ??
        (typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined);
      if (sub) collect(doc, sub, v, `${where}.${k}`, out);
    }
  }
}

function allPatterns(
  node: unknown,
  where: string,
  out: Array<{ pattern: string; where: string; node: Schema }>,
) {
  if (Array.isArray(node)) return node.forEach((n, i) => allPatterns(n, `${where}/${i}`, out));
  if (node === null || typeof node !== 'object') return;
  const s = node as Schema;
  if (typeof s.pattern === 'string') out.push({ pattern: s.pattern, where, node: s });
  for (const [k, v] of Object.entries(s)) allPatterns(v, `${where}/${k}`, out);
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let doc: Doc;
  beforeAll(async () => {
    api = await startTestApi();
    doc = (await request(api.url).get('/api/openapi.json').expect(200)).body as Doc;
  });
  afterAll(() => api.stop());

  it('is valid OpenAPI, as a maintained validator reads it', async () => {
    // The validator dereferences in place; give it a copy.
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('has only flagless patterns, and each example matches its pattern', () => {
    const found: Array<{ pattern: string; where: string; node: Schema }> = [];
    allPatterns(doc, '#', found);
    expect(found.length).toBeGreaterThan(20);
    for (const { pattern, where, node } of found) {
      let compiled: RegExp;
      try {
        compiled = new RegExp(pattern); // no flags: that is how OpenAPI tools compile it
      } catch (err) {
        throw new Error(`${where}: pattern ${pattern} does not compile`, { cause: err });
      }
      expect({ where, pattern, flagsLeaked: /[^\\]\/[a-z]+$/.test(pattern) }).toEqual({
        where,
        pattern,
        flagsLeaked: false,
      });
      if (typeof node.example === 'string')
        expect({ where, ok: compiled.test(node.example) }).toEqual({ where, ok: true });
    }
  });

  it('has patterns that accept the ids and values the API returns and accepts', async () => {
    const hood = await makeNeighbourhood(api);
    const resident = await hood.resident(hood.building1);
    const noticeId = await published(api, hood.committee, {
      communityId: hood.community.id,
      title: '停电通知',
    });
    const publishBody = {
      communityId: hood.community.id,
      title: '停水通知',
      body: '检修',
      category: 'announcement',
      audience: { kind: 'buildings', buildingIds: [hood.building1.id] },
    };
    await request(api.url)
      .post('/api/v1/notices')
      .set(api.bearer(hood.committee.accessToken))
      .send(publishBody)
      .expect(201);

    const op = (path: string, method: string) => {
      const operation = doc.paths[path]?.[method];
      if (!operation) throw new Error(`no ${method} ${path} in the document`);
      return operation;
    };
    const okSchema = (path: string, method: string, status = '200') =>
      (op(path, method).responses as Record<string, { content: Record<string, { schema: Schema }> }>)[status]
        .content['application/json'].schema;
    const bodySchema = (path: string, method: string) =>
      (op(path, method).requestBody as { content: Record<string, { schema: Schema }> }).content[
        'application/json'
      ].schema;
    const paramSchemas = (path: string, method: string) =>
      Object.fromEntries(
        ((op(path, method).parameters as Array<{ name: string; in: string; schema: Schema }>) ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => [p.name, p.schema]),
      );

    const checked: Checked[] = [];
    const read = async (path: string, url: string, token: string) => {
      const res = await request(api.url).get(url).set(api.bearer(token));
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      collect(doc, okSchema(path, 'get'), res.body, `GET ${url}`, checked);
    };
    await read('/api/v1/notices', '/api/v1/notices', resident.accessToken);
    await read('/api/v1/notices/{noticeId}', `/api/v1/notices/${noticeId}`, resident.accessToken);
    await read('/api/v1/me', '/api/v1/me', resident.accessToken);
    await read('/api/v1/communities', '/api/v1/communities', resident.accessToken);
    await read(
      '/api/v1/communities/{communityId}/buildings',
      `/api/v1/communities/${hood.community.id}/buildings`,
      hood.committee.accessToken,
    );
    // What the API accepted: a request body and path parameters.
    collect(doc, bodySchema('/api/v1/notices', 'post'), publishBody, 'POST /api/v1/notices body', checked);
    const params = paramSchemas('/api/v1/notices/{noticeId}', 'get');
    collect(doc, params.noticeId, noticeId, 'GET /api/v1/notices/{noticeId} path', checked);

    const rejected = checked.filter(({ pattern, value }) => !new RegExp(pattern).test(value));
    expect(rejected).toEqual([]);
    // The walk did meet real ids: the community, the buildings, the notices, the user.
    const ids = new Set(checked.filter((c) => /^[0-9a-f]{24}$/.test(c.value)).map((c) => c.value));
    for (const id of [hood.community.id, hood.building1.id, noticeId, resident.id]) expect(ids).toContain(id);
  });
});
