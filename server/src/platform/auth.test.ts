/**
 * The route-level half of authorization: who may reach a handler at all. (Community- and
 * record-level rules are each module's policy, tested there.)
 */
import request from 'supertest';
import { z } from 'zod';
import type { Authenticator } from './auth';
import type { Actor } from './context';
import { AppError } from './errors';
import { API_V1, route, type ApiModule } from './routes';
import { testApp } from './testing';
import { ErrorCode } from '@linli/shared';

const COMMUNITY = '665f1c2ab7e4a1d2c3b4a5f6';
const actors: Record<string, Actor> = {
  'resident-token': { userId: 'u-resident', grants: [], homes: [], tags: [] },
  'committee-token': {
    userId: 'u-committee',
    grants: [{ role: 'committee', communityId: COMMUNITY }],
    homes: [],
    tags: [],
  },
};
const authenticator: Authenticator = {
  authenticate: async (token) => {
    const actor = actors[token];
    if (!actor) throw new AppError(ErrorCode.UNAUTHORIZED, 'unknown token');
    return actor;
  },
};

const guarded: ApiModule = {
  name: 'guarded',
  basePath: `${API_V1}/guarded`,
  routes: [
    route({
      method: 'get',
      path: '/me',
      summary: 'Whoever is signed in',
      auth: 'signedIn',
      responses: { 200: z.object({ userId: z.string() }) },
      // The handler's ctx.state.actor is typed as defined on a non-public route.
      handler: (ctx) => ({ userId: ctx.state.actor.userId }),
    }),
    route({
      method: 'post',
      path: '/notices',
      summary: 'Committee only',
      auth: ['committee'],
      input: { body: z.object({ title: z.string().min(1) }) },
      responses: { 201: z.object({ by: z.string() }) },
      handler: (ctx) => ({ by: ctx.state.actor.userId }),
    }),
  ],
};

const server = () => testApp({ authenticator, extraModules: [guarded] }).server;

describe('route access', () => {
  it('answers 401 without a token, with a malformed header, and with an unknown token', async () => {
    for (const header of [undefined, 'Basic abc', 'Bearer', 'Bearer nope']) {
      const req = request(server()).get(`${API_V1}/guarded/me`);
      const res = await (header ? req.set('Authorization', header) : req);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('lets any signed-in user through a signedIn route and gives the handler the actor', async () => {
    const res = await request(server())
      .get(`${API_V1}/guarded/me`)
      .set('Authorization', 'Bearer resident-token');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: 'u-resident' });
  });

  it('refuses a resident on a committee route with 403, before validating the body', async () => {
    const res = await request(server())
      .post(`${API_V1}/guarded/notices`)
      .set('Authorization', 'Bearer resident-token')
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a stranger with 401 before telling them what the body should look like', async () => {
    const res = await request(server()).post(`${API_V1}/guarded/notices`).send({});
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain('title');
  });

  it('lets the committee through', async () => {
    const res = await request(server())
      .post(`${API_V1}/guarded/notices`)
      .set('Authorization', 'Bearer committee-token')
      .send({ title: '停水通知' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ by: 'u-committee' });
  });

  it('without an identity module wired in, no token opens a non-public route', async () => {
    const res = await request(testApp({ extraModules: [guarded] }).server)
      .get(`${API_V1}/guarded/me`)
      .set('Authorization', 'Bearer resident-token');
    expect(res.status).toBe(401);
  });

  it('documents the bearer requirement on non-public routes only', async () => {
    const res = await request(server()).get('/api/openapi.json');
    expect(res.body.paths['/api/v1/guarded/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(res.body.paths['/api/health'].get.security).toEqual([]);
  });
});
