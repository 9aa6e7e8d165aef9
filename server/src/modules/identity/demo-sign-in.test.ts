import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident, objectId } from './test-factories';
import { UserModel } from './user-model';

describe('demo sign-in, demo mode on', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ DEMO_MODE: 'true' });
  });
  afterAll(() => api.stop());

  it('lists demo accounts with their roles and signs in as one', async () => {
    const elder = await UserModel.create({ displayName: '演示居民', demo: true });
    await UserModel.create({
      displayName: '演示居委会',
      demo: true,
      grants: [{ role: 'committee', communityId: objectId() }],
    });
    await makeResident(api); // not a demo account

    const list = await request(api.url).get('/api/v1/auth/demo-accounts');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { id: elder.id, displayName: '演示居民', roles: ['resident'] },
      { id: expect.any(String), displayName: '演示居委会', roles: ['committee'] },
    ]);

    const signIn = await request(api.url).post('/api/v1/auth/demo').send({ userId: elder.id });
    expect(signIn.status).toBe(200);
    const me = await request(api.url).get('/api/v1/me').set(api.bearer(signIn.body.accessToken));
    expect(me.body).toMatchObject({ id: elder.id, demo: true });
  });

  it('refuses to sign in as an account that is not a demo account', async () => {
    const real = await makeResident(api);
    const res = await request(api.url).post('/api/v1/auth/demo').send({ userId: real.id });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('demo sign-in, demo mode off', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ DEMO_MODE: 'false' });
  });
  afterAll(() => api.stop());

  it('does not exist', async () => {
    const demo = await UserModel.create({ displayName: '演示居民', demo: true });
    expect((await request(api.url).get('/api/v1/auth/demo-accounts')).status).toBe(404);
    const signIn = await request(api.url).post('/api/v1/auth/demo').send({ userId: demo.id });
    expect(signIn.status).toBe(404);
    expect(signIn.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
