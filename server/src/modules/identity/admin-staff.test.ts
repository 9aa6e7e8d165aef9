import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident, makeStaff, objectId, STAFF_PASSWORD } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const COMMUNITY = objectId();
const newStaff = (overrides: object = {}) => ({
  username: `canteen-${objectId().slice(0, 6)}`,
  password: 'long enough pw',
  displayName: '食堂负责人',
  grants: [{ role: 'operator', communityId: COMMUNITY, providerId: objectId() }],
  ...overrides,
});

describe('who may manage staff accounts', () => {
  const calls = [
    ['create', (r: ReturnType<typeof request>) => r.post('/api/v1/admin/staff').send(newStaff())],
    ['list', (r: ReturnType<typeof request>) => r.get('/api/v1/admin/staff')],
    [
      'change grants',
      (r: ReturnType<typeof request>) =>
        r.patch(`/api/v1/admin/staff/${objectId()}/grants`).send({ grants: [] }),
    ],
  ] as const;

  it.each(calls)('%s: 401 signed out, 403 resident, 403 committee', async (_name, call) => {
    const resident = await makeResident(api);
    const committee = await makeStaff(api, { grants: [{ role: 'committee', communityId: COMMUNITY }] });
    const anonymous = await call(request(api.url));
    expect(anonymous.status).toBe(401);
    for (const caller of [resident, committee]) {
      const res = await call(request(api.url)).set(api.bearer(caller.accessToken));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('an admin', () => {
  it('creates a staff account that can then sign in with its rights', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const body = newStaff({ username: 'Canteen.Lead' });
    const created = await request(api.url)
      .post('/api/v1/admin/staff')
      .set(api.bearer(admin.accessToken))
      .send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'canteen.lead',
      displayName: '食堂负责人',
      grants: body.grants,
    });
    expect(JSON.stringify(created.body)).not.toContain('long enough pw');

    const signIn = await request(api.url)
      .post('/api/v1/auth/staff')
      .send({ username: 'canteen.lead', password: 'long enough pw' });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.grants).toEqual(body.grants);
  });

  it('gets 409 USERNAME_TAKEN for a name in use, whatever its case', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const existing = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const res = await request(api.url)
      .post('/api/v1/admin/staff')
      .set(api.bearer(admin.accessToken))
      .send(newStaff({ username: existing.username.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('USERNAME_TAKEN');
    expect(res.body.error.message).toContain(existing.username);
  });

  it('is told what is wrong with a short password, a bad name and a grant without its community', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const res = await request(api.url)
      .post('/api/v1/admin/staff')
      .set(api.bearer(admin.accessToken))
      .set('Accept-Language', 'en')
      .send(newStaff({ username: 'a b', password: 'short', grants: [{ role: 'committee' }] }));
    expect(res.status).toBe(400);
    const paths = (res.body.error.details.fields as { path: string }[]).map((field) => field.path).sort();
    expect(paths).toEqual(['grants.0.communityId', 'password', 'username']);
  });

  it('lists staff accounts a page at a time', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    await makeResident(api);
    const page = await request(api.url)
      .get('/api/v1/admin/staff?page=1&pageSize=2')
      .set(api.bearer(admin.accessToken));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
    for (const item of page.body.items) expect(item.username).toBeTruthy();
  });

  it('changes grants, which count on the very next request', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const staff = await makeStaff(api, { grants: [{ role: 'committee', communityId: COMMUNITY }] });
    const listAsStaff = () => request(api.url).get('/api/v1/admin/staff').set(api.bearer(staff.accessToken));
    expect((await listAsStaff()).status).toBe(403);

    const changed = await request(api.url)
      .patch(`/api/v1/admin/staff/${staff.id}/grants`)
      .set(api.bearer(admin.accessToken))
      .send({ grants: [{ role: 'admin' }] });
    expect(changed.status).toBe(200);
    expect(changed.body.grants).toEqual([{ role: 'admin' }]);
    expect((await listAsStaff()).status).toBe(200);
  });

  it('cannot remove their own admin right, and gets 404 for an unknown user', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const self = await request(api.url)
      .patch(`/api/v1/admin/staff/${admin.id}/grants`)
      .set(api.bearer(admin.accessToken))
      .send({ grants: [] });
    expect(self.status).toBe(409);
    const unknown = await request(api.url)
      .patch(`/api/v1/admin/staff/${objectId()}/grants`)
      .set(api.bearer(admin.accessToken))
      .send({ grants: [] });
    expect(unknown.status).toBe(404);
    expect(
      (
        await request(api.url)
          .post('/api/v1/auth/staff')
          .send({ username: admin.username, password: STAFF_PASSWORD })
      ).body.user.grants,
    ).toEqual([{ role: 'admin' }]);
  });
});

describe('the API document', () => {
  it('lists the identity endpoints', async () => {
    const res = await request(api.url).get('/api/openapi.json');
    const paths = Object.keys(res.body.paths);
    for (const path of [
      '/api/v1/auth/staff',
      '/api/v1/auth/wechat',
      '/api/v1/auth/refresh',
      '/api/v1/auth/sign-out',
      '/api/v1/auth/demo-accounts',
      '/api/v1/auth/demo',
      '/api/v1/me',
      '/api/v1/me/export',
      '/api/v1/admin/staff',
      '/api/v1/admin/staff/{userId}/grants',
      '/api/v1/people/{userId}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(res.body.paths['/api/v1/me'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
  });
});
