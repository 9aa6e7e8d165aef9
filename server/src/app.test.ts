import request from 'supertest';
import { z } from 'zod';
import { ObjectIdSchema, PageQuerySchema } from '@linli/shared';
import { Conflict, NotFound } from './platform/errors';
import { createMemoryRateLimiter } from './platform/rate-limit';
import { API_V1, route, type ApiModule } from './platform/routes';
import { fakeDatabase, testApp, testConfig } from './platform/testing';

const SecretHolder = z.object({ id: z.string(), name: z.string() });

/** Routes that exercise the platform the way a service module would. */
const probeModule: ApiModule = {
  name: 'probe',
  basePath: `${API_V1}/probe`,
  routes: [
    route({
      method: 'post',
      path: '/households/:householdId/members',
      summary: 'Add a member to a household',
      auth: 'public',
      input: {
        params: z.object({ householdId: ObjectIdSchema }),
        body: z.object({
          name: z.string().min(2).max(20),
          age: z.number().int().min(0),
          role: z.enum(['owner', 'tenant']),
        }),
      },
      responses: { 201: z.object({ householdId: z.string(), name: z.string(), age: z.number() }) },
      handler: async (ctx) => ({ householdId: ctx.input.params.householdId, ...ctx.input.body }),
    }),
    route({
      method: 'get',
      path: '/list',
      summary: 'List things with paging',
      auth: 'public',
      input: {
        query: PageQuerySchema.extend({ open: z.boolean().optional(), tag: z.array(z.string()).optional() }),
      },
      responses: {
        200: z.object({
          page: z.number(),
          pageSize: z.number(),
          open: z.boolean().nullable(),
          tag: z.array(z.string()),
        }),
      },
      handler: (ctx) => ({
        ...ctx.input.query,
        open: ctx.input.query.open ?? null,
        tag: ctx.input.query.tag ?? [],
      }),
    }),
    route({
      method: 'get',
      path: '/slots/:slotId',
      summary: 'A slot that does not exist',
      auth: 'public',
      responses: { 200: z.object({}) },
      errors: ['NOT_FOUND'],
      handler: () => {
        throw NotFound('mealSlot');
      },
    }),
    route({
      method: 'post',
      path: '/slots/full',
      summary: 'A slot that is full',
      auth: 'public',
      responses: { 201: z.object({}) },
      errors: ['CONFLICT'],
      handler: () => {
        throw Conflict({ 'zh-CN': '该餐次已约满', en: 'the slot is full' }, { capacity: 40 });
      },
    }),
    route({
      method: 'get',
      path: '/boom',
      summary: 'A bug',
      auth: 'public',
      responses: { 200: z.object({}) },
      handler: () => {
        throw new Error('secret-internal-detail: connection string mongodb://user:pw@db');
      },
    }),
    route({
      method: 'get',
      path: '/drift',
      summary: 'A handler whose answer no longer matches its schema',
      auth: 'public',
      responses: { 200: SecretHolder },
      handler: () => ({ id: 1 }) as unknown as z.input<typeof SecretHolder>,
    }),
    route({
      method: 'get',
      path: '/presenter',
      summary: 'A presenter that forgot to drop a private field',
      auth: 'public',
      responses: { 200: SecretHolder },
      handler: () => ({ id: '1', name: 'Li', passwordHash: 'xyz' }) as z.input<typeof SecretHolder>,
    }),
  ],
};

function probeApp(overrides: Parameters<typeof testApp>[0] = {}) {
  return testApp({ extraModules: [probeModule], ...overrides });
}

const HOUSEHOLD = '665f1c2ab7e4a1d2c3b4a5f6';

describe('health', () => {
  it('answers ok with the database mode and version', async () => {
    const res = await request(testApp().server).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      db: 'embedded',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('answers 503 degraded when the database ping fails', async () => {
    const database = fakeDatabase({ mode: 'mongodb', ping: async () => Promise.reject(new Error('down')) });
    const res = await request(testApp({ database }).server).get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', db: 'mongodb' });
  });

  it('keeps liveness (the process serves) apart from readiness (the database answers)', async () => {
    const database = fakeDatabase({ mode: 'mongodb', ping: async () => Promise.reject(new Error('down')) });
    const { server } = testApp({ database });
    const live = await request(server).get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const ready = await request(server).get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'degraded', db: 'mongodb' });
    const healthy = await request(testApp().server).get('/api/health/ready');
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ status: 'ok', db: 'embedded' });
  });

  it('never counts probes against the rate limit', async () => {
    const { server } = testApp({ config: testConfig({ RATE_LIMIT_POINTS: '1' }) });
    for (const path of ['/api/health', '/api/health/live', '/api/health/ready', '/api/health/live']) {
      expect((await request(server).get(path)).status).toBe(200);
    }
  });
});

describe('request id', () => {
  it('generates one and echoes it', async () => {
    const res = await request(testApp().server).get('/api/health');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a sane incoming id and replaces an unsafe one', async () => {
    const { server } = testApp();
    const kept = await request(server).get('/api/health').set('X-Request-Id', 'edge-123.abc');
    expect(kept.headers['x-request-id']).toBe('edge-123.abc');
    const replaced = await request(server).get('/api/health').set('X-Request-Id', 'bad id\twith "stuff"');
    // Replaced by a generated UUID (whose hex may by chance spell "bad", so compare the shape).
    expect(replaced.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});

describe('error shape', () => {
  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const res = await request(testApp().server).get('/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: res.headers['x-request-id'] });
    expect(res.body.error.message).toContain('/api/v1/nowhere');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await request(testApp().server).delete('/api/health');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(probeApp().server)
      .post(`/api/v1/probe/households/${HOUSEHOLD}/members`)
      .set('Content-Type', 'application/json')
      .send('{"name": "Li",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const { server } = probeApp({ config: testConfig({ JSON_BODY_LIMIT: '1kb' }) });
    const res = await request(server)
      .post(`/api/v1/probe/households/${HOUSEHOLD}/members`)
      .set('Accept-Language', 'en')
      .send({ name: 'x'.repeat(2000), age: 1, role: 'owner' });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: '1kb' } });
    expect(res.body.error.message).toContain('1kb');
  });

  it('renders a thrown NotFound as 404 with the resource named in Chinese by default', async () => {
    const res = await request(probeApp().server).get('/api/v1/probe/slots/1');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.error.message).toContain('助餐餐次');
  });

  it('renders a thrown Conflict as 409 in English when asked', async () => {
    const res = await request(probeApp().server)
      .post('/api/v1/probe/slots/full')
      .set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'CONFLICT',
      message: 'This could not be done: the slot is full',
      details: { capacity: 40 },
      requestId: expect.any(String),
    });
  });

  it('answers an unexpected error with a plain 500 and logs it with the request id', async () => {
    const { server, lines } = probeApp();
    const res = await request(server).get('/api/v1/probe/boom').set('X-Request-Id', 'trace-500');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/secret-internal-detail|mongodb:|Error|stack|at /);
    const logged = lines.find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({ requestId: 'trace-500', level: 50 });
    expect(JSON.stringify(logged)).toContain('secret-internal-detail');
  });

  it('treats a response that breaks its schema as a bug', async () => {
    const { server, lines } = probeApp();
    const res = await request(server).get('/api/v1/probe/drift');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(lines)).toContain('does not match its schema');
  });

  it('strips fields the response schema does not declare', async () => {
    const res = await request(probeApp().server).get('/api/v1/probe/presenter');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '1', name: 'Li' });
  });
});

describe('validation', () => {
  const url = (id = HOUSEHOLD) => `/api/v1/probe/households/${id}/members`;

  it('passes typed, parsed input to the handler', async () => {
    const res = await request(probeApp().server).post(url()).send({ name: 'Wang', age: 70, role: 'owner' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ householdId: HOUSEHOLD, name: 'Wang', age: 70 });
  });

  it('names every bad field, in Chinese by default', async () => {
    const res = await request(probeApp().server).post(url('nope')).send({ name: 'W', role: 'guest' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('4');
    const fields = res.body.error.details.fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        {
          location: 'params',
          path: 'householdId',
          reason: 'invalid_format',
          message: expect.stringContaining('24 位'),
        },
        { location: 'body', path: 'name', reason: 'too_small_string', message: '至少 2 个字' },
        { location: 'body', path: 'age', reason: 'required', message: '必填' },
        { location: 'body', path: 'role', reason: 'invalid_value', message: '应为以下之一：owner, tenant' },
      ]),
    );
  });

  it('answers in English when Accept-Language prefers it', async () => {
    const res = await request(probeApp().server)
      .post(url())
      .set('Accept-Language', 'en-US,en;q=0.8,zh;q=0.5')
      .send({ name: 'Wang', age: 'old', role: 'owner' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('1 field(s) need correcting. See the details and try again.');
    expect(res.body.error.details.fields).toEqual([
      { location: 'body', path: 'age', reason: 'invalid_type', message: 'must be a number' },
    ]);
  });

  it('coerces query strings and applies defaults', async () => {
    const res = await request(probeApp().server).get('/api/v1/probe/list?page=3&open=true&tag=a');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ page: 3, pageSize: 20, open: true, tag: ['a'] });
    const bad = await request(probeApp().server).get('/api/v1/probe/list?page=zero&pageSize=500');
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['page', 'pageSize']);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once the budget is spent, but never limits health', async () => {
    const limiter = createMemoryRateLimiter({ points: 2, durationSeconds: 60 });
    const { server } = testApp({ rateLimiter: limiter });
    const agent = request(server);
    expect((await agent.get('/api/v1/anything')).headers['ratelimit-remaining']).toBe('1');
    await agent.get('/api/v1/anything');
    const res = await agent.get('/api/v1/anything').set('Accept-Language', 'en');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(res.body.error.message).toMatch(/try again in \d+ seconds/);
    expect((await agent.get('/api/health')).status).toBe(200);
  });
});

describe('security headers and CORS', () => {
  it('sets helmet headers on every answer, errors included', async () => {
    const res = await request(testApp().server).get('/api/v1/nowhere');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers a preflight from an allowed origin, and not from others', async () => {
    const { server } = testApp({ config: testConfig({ CORS_ORIGINS: 'http://localhost:10086' }) });
    const ok = await request(server)
      .options('/api/v1/anything')
      .set('Origin', 'http://localhost:10086')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,authorization');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:10086');
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/);

    const other = await request(server)
      .options('/api/v1/anything')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('OpenAPI and docs', () => {
  it('documents a route declared with the helper, with its schemas and errors', async () => {
    const res = await request(probeApp().server).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const op = res.body.paths['/api/v1/probe/households/{householdId}/members'].post;
    expect(op.tags).toEqual(['probe']);
    expect(op.parameters).toEqual([
      expect.objectContaining({ in: 'path', name: 'householdId', required: true }),
    ]);
    const body = op.requestBody.content['application/json'].schema;
    expect(body.properties.role.enum).toEqual(['owner', 'tenant']);
    expect(body.required).toEqual(expect.arrayContaining(['name', 'age', 'role']));
    expect(op.responses['201'].content['application/json'].schema.properties.householdId).toBeDefined();
    expect(op.responses['400'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorBody',
    );
    expect(op.responses['400'].description).toContain('VALIDATION_FAILED');
    expect(res.body.paths['/api/v1/probe/slots/{slotId}'].get.responses['404']).toBeDefined();
    expect(res.body.paths['/api/health'].get.responses['503']).toBeDefined();
    expect(res.body.components.schemas.ErrorBody).toBeDefined();
  });

  it('serves a docs page whose scripts and styles come from this server', async () => {
    const { server } = testApp();
    const page = await request(server).get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/api/docs/')).toBe(true);
      const res = await request(server).get(asset);
      expect(res.status).toBe(200);
    }
    const bundle = await request(server).get('/api/docs/swagger-ui-bundle.js');
    expect(bundle.headers['content-type']).toContain('javascript');
    expect((await request(server).get('/api/docs/package.json')).status).toBe(404);
  });
});
