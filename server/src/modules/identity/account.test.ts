import request from 'supertest';
import type { Home } from '@linli/shared';
import { startTestApi, type TestApi } from '../../test-support/api';
import { identityApp, makeResident, makeStaff, objectId } from './test-factories';
import { UserModel } from './user-model';
import { RefreshTokenModel } from './refresh-token-model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** Stands in for a service module that keeps personal data (bookings, say). */
function bookingsContributor() {
  const bookings = new Map<string, { dish: string; note?: string }[]>();
  return {
    bookings,
    contributor: {
      name: 'meals',
      export: async (userId: string) => ({ bookings: bookings.get(userId) ?? [] }),
      erase: async (userId: string) => {
        bookings.set(
          userId,
          (bookings.get(userId) ?? []).map(({ dish }) => ({ dish })),
        );
      },
    },
  };
}

describe('exporting my data', () => {
  it('downloads a JSON file with my profile and every registered service’s part', async () => {
    const meals = bookingsContributor();
    const { server } = identityApp(api, { contributors: [meals.contributor] });
    const resident = await makeResident(api, { phone: '13812341234', realName: '赵敏' });
    meals.bookings.set(resident.id, [{ dish: '红烧肉', note: '少盐' }]);

    const res = await request(server).get('/api/v1/me/export').set(api.bearer(resident.accessToken));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="linli-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.profile).toMatchObject({ id: resident.id, phone: '13812341234', realName: '赵敏' });
    expect(res.body.meals).toEqual({ bookings: [{ dish: '红烧肉', note: '少盐' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|openid/);
  });
});

describe('deleting my account', () => {
  it('asks for confirmation', async () => {
    const resident = await makeResident(api);
    const res = await request(api.url).delete('/api/v1/me').set(api.bearer(resident.accessToken)).send({});
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('confirm');
    expect((await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken))).status).toBe(200);
  });

  it('erases my personal data, lets services anonymise theirs, and ends every session', async () => {
    const meals = bookingsContributor();
    const { server } = identityApp(api, { contributors: [meals.contributor] });
    const resident = await makeResident(api, {
      phone: '13812341234',
      realName: '赵敏',
      birthDate: '1950-01-01',
    });
    meals.bookings.set(resident.id, [{ dish: '红烧肉', note: '少盐' }]);
    const deletedEvents: string[] = [];
    const unsubscribe = api.running.events.on(
      'user.deleted',
      ({ userId }) => void deletedEvents.push(userId),
    );

    const res = await request(server)
      .delete('/api/v1/me')
      .set(api.bearer(resident.accessToken))
      .send({ confirm: 'DELETE' });
    expect(res.status).toBe(204);
    await api.running.events.drain();
    unsubscribe();

    expect(deletedEvents).toEqual([resident.id]);
    expect(meals.bookings.get(resident.id)).toEqual([{ dish: '红烧肉' }]);
    const stored = await UserModel.findById(resident.id).lean();
    expect(stored).toMatchObject({ displayName: '已注销用户', deletedAt: expect.any(Date) });
    for (const field of ['realName', 'phone', 'birthDate', 'wechat', 'username', 'passwordHash']) {
      expect(stored).not.toHaveProperty(field);
    }
    expect(await RefreshTokenModel.countDocuments({ user: resident.id, revokedAt: null })).toBe(0);

    const oldToken = await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(oldToken.status).toBe(401);
    expect(oldToken.body.error.code).toBe('TOKEN_INVALID');
    const oldRefresh = await request(api.url)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: resident.refreshToken });
    expect(oldRefresh.status).toBe(401);

    // Coming back through WeChat starts a new, empty account.
    const back = await request(api.url)
      .post('/api/v1/auth/wechat')
      .send({ code: api.wechat.issueCode(resident.openid) });
    expect(back.status).toBe(200);
    expect(back.body.isNewUser).toBe(true);
    expect(back.body.user.id).not.toBe(resident.id);
    expect(back.body.user).not.toHaveProperty('phone');
  });

  it('lets a staff member delete their account and frees the username', async () => {
    const staff = await makeStaff(api, { grants: [{ role: 'committee', communityId: objectId() }] });
    await request(api.url)
      .delete('/api/v1/me')
      .set(api.bearer(staff.accessToken))
      .send({ confirm: 'DELETE' })
      .expect(204);
    const again = await request(api.url)
      .post('/api/v1/auth/staff')
      .send({ username: staff.username, password: 'x' });
    expect(again.status).toBe(401);
    await makeStaff(api, { grants: [], username: staff.username });
  });
});

describe('homes from membership', () => {
  it('appear in my profile and let staff of my community see my full phone', async () => {
    const community = objectId();
    const resident = await makeResident(api, { phone: '13700001111' });
    const home: Home = {
      householdId: objectId(),
      buildingId: objectId(),
      communityId: community,
      relation: 'owner',
    };
    const { server } = identityApp(api, {
      homesOf: async (userId) => (userId === resident.id ? [home] : []),
    });
    const committee = await makeStaff(api, { grants: [{ role: 'committee', communityId: community }] });
    const outsider = await makeStaff(api, { grants: [{ role: 'committee', communityId: objectId() }] });

    const me = await request(server).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(me.body.homes).toEqual([home]);
    const seenByCommittee = await request(server)
      .get(`/api/v1/people/${resident.id}`)
      .set(api.bearer(committee.accessToken));
    expect(seenByCommittee.body.phone).toBe('13700001111');
    const seenByOutsider = await request(server)
      .get(`/api/v1/people/${resident.id}`)
      .set(api.bearer(outsider.accessToken));
    expect(seenByOutsider.body.phone).toBe('137****1111');
  });
});
