/**
 * Every route the API documents, tried as a stranger and as a plain resident. Routes are found in
 * the OpenAPI document (which is generated from the same declarations that serve requests), so a
 * route added tomorrow is covered without touching this test. Scoping inside a role ("committee
 * of another community") is each module's policy and is tested beside it.
 */
import request from 'supertest';
import { makeResident, makeStaff } from '../server/src/modules/identity/test-factories';
import { startTestApi, type TestApi } from '../server/src/test-support/api';

type Access = 'public' | 'signedIn' | string[];
interface Operation {
  'x-access': Access;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const SOME_ID = '665f1c2ab7e4a1d2c3b4a5f6';

describe('who may reach each documented route', () => {
  let api: TestApi;
  let residentToken: string;
  let routes: { method: string; path: string; template: string; access: Access }[];

  beforeAll(async () => {
    api = await startTestApi();
    residentToken = (await makeResident(api)).accessToken;
    const doc = (await request(api.url).get('/api/openapi.json')).body as OpenApi;
    routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({
        method,
        path: path.replace(/\{[^}]+\}/g, SOME_ID),
        template: path,
        access: op['x-access'],
      })),
    );
  });
  afterAll(() => api.stop());

  const call = (method: string, path: string) =>
    (request(api.url) as unknown as Record<string, (p: string) => request.Test>)[method](path);

  it('documents an access rule for every route', () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect(route.access).toBeDefined();
  });

  it('refuses a caller without a token on every non-public route, before reading the body', async () => {
    const guarded = routes.filter((r) => r.access !== 'public');
    for (const route of guarded) {
      const res = await call(route.method, route.path).send({});
      expect({
        route: `${route.method} ${route.path}`,
        status: res.status,
        code: res.body?.error?.code,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
  });

  it('refuses a resident on every staff route with 403', async () => {
    const staffOnly = routes.filter((r) => Array.isArray(r.access));
    expect(staffOnly.length).toBeGreaterThan(10);
    for (const route of staffOnly) {
      const res = await call(route.method, route.path).set(api.bearer(residentToken)).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
    }
  });

  it('answers malformed input on every route with a 4xx, never a 500', async () => {
    // Someone holding every role gets past route-level access everywhere, so the input is what
    // the route has to cope with.
    const community = SOME_ID;
    const provider = '665f1c2ab7e4a1d2c3b4a5f7';
    const everyone = await makeStaff(api, {
      grants: [
        { role: 'admin' },
        { role: 'committee', communityId: community },
        { role: 'operator', communityId: community, providerId: provider },
        { role: 'technician', communityId: community, providerId: provider },
      ],
    });
    const bodies: unknown[] = [{}, { id: { $gt: '' }, title: 42, items: 'x' }, [1, 2, 3]];
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const paths = [route.path, route.template.replace(/\{[^}]+\}/g, 'not-an-id')];
      for (const path of paths) {
        for (const body of bodies) {
          const res = await call(route.method, `${path}?page=-1&pageSize=abc`)
            .set(api.bearer(everyone.accessToken))
            .send(body as object);
          if (res.status >= 500 || (res.status >= 400 && !res.body?.error?.message)) {
            failures.push(`${route.method} ${path} ${JSON.stringify(body)} → ${res.status}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
