import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident, makeStaff, objectId } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const patchMe = (accessToken: string, body: object) =>
  request(api.url).patch('/api/v1/me').set(api.bearer(accessToken)).send(body);
const person = (accessToken: string, userId: string) =>
  request(api.url).get(`/api/v1/people/${userId}`).set(api.bearer(accessToken));

describe('my profile', () => {
  it('shows my own full phone, and keeps what I correct', async () => {
    const resident = await makeResident(api, { phone: '13812341234' });
    const me = await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: resident.id, phone: '13812341234', grants: [], homes: [], tags: [] });

    const patched = await patchMe(resident.accessToken, {
      displayName: '李奶奶',
      realName: '李秀英',
      phone: '13900001111',
      birthDate: '1948-05-20',
    });
    expect(patched.status).toBe(200);
    const again = await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(again.body).toMatchObject({
      displayName: '李奶奶',
      realName: '李秀英',
      phone: '13900001111',
      birthDate: '1948-05-20',
    });
  });

  it('names each bad field, in words a person can act on, and changes nothing', async () => {
    const resident = await makeResident(api, { phone: '13812341234' });
    const res = await patchMe(resident.accessToken, {
      phone: '12345',
      birthDate: '1950-02-30',
      nickname: 'x',
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.fields as { path: string; message: string }[];
    const byPath = Object.fromEntries(fields.map((field) => [field.path, field.message]));
    expect(byPath.phone).toContain('11 位手机号');
    expect(byPath.birthDate).toContain('不是有效的日期');
    expect(byPath['']).toContain('nickname');
    const me = await request(api.url).get('/api/v1/me').set(api.bearer(resident.accessToken));
    expect(me.body.phone).toBe('13812341234');
  });

  it('refuses a birth date in the future (by the clock) and one before 1900', async () => {
    const resident = await makeResident(api);
    api.clock.set('2026-11-22T02:00:00Z');
    const future = await patchMe(resident.accessToken, { birthDate: '2026-11-23' });
    expect(future.status).toBe(400);
    expect(future.body.error.details.fields[0]).toMatchObject({ path: 'birthDate', message: '不能晚于今天' });
    expect((await patchMe(resident.accessToken, { birthDate: '2026-11-22' })).status).toBe(200);
    const ancient = await patchMe(resident.accessToken, { birthDate: '1899-12-31' });
    expect(ancient.status).toBe(400);
  });
});

describe('another person’s phone', () => {
  it('is masked for another resident and for staff of another community, full for admins', async () => {
    const subject = await makeResident(api, { displayName: '王伯伯', phone: '13912345678' });
    const neighbour = await makeResident(api);
    const otherCommittee = await makeStaff(api, { grants: [{ role: 'committee', communityId: objectId() }] });
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });

    for (const viewer of [neighbour, otherCommittee]) {
      const res = await person(viewer.accessToken, subject.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: subject.id, displayName: '王伯伯', phone: '139****5678' });
    }
    expect((await person(admin.accessToken, subject.id)).body.phone).toBe('13912345678');
    expect((await person(subject.accessToken, subject.id)).body.phone).toBe('13912345678');
  });

  it('is not found for an unknown id', async () => {
    const viewer = await makeResident(api);
    const res = await person(viewer.accessToken, objectId());
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
