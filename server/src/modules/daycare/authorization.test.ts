/**
 * Who sees what in daycare: a guardian only their own enquiries; a centre only enquiries to it;
 * staff of another centre nothing; the committee counts, never a child's record.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCommunity } from '../communities/test-factories';
import { committeeOf } from '../membership/test-factories';
import { act, as, enquire, makeCentre, makeGuardian, makeSlot, type CentreWorld } from './test-factories';

let api: TestApi;
let x: CentreWorld;
let y: CentreWorld;
let parentA: { id: string };
let parentB: { id: string };
let enquiryA: string;
let enquiryB: string;
let otherCommittee: { id: string };

beforeAll(async () => {
  api = await startTestApi();
  x = await makeCentre(api);
  y = await makeCentre(api);
  parentA = await makeGuardian(api, x);
  parentB = await makeGuardian(api, x);
  enquiryA = (await enquire(api, x, parentA.id, { nickname: '甜甜', birthMonth: '2030-04' })).id;
  enquiryB = (await enquire(api, x, parentB.id, { nickname: '果果' })).id;
  await act(api, x.operator.id, enquiryA, 'reply', { text: '欢迎' });
  await act(api, x.operator.id, enquiryA, 'waitlist');
  otherCommittee = await committeeOf(api, await makeCommunity());
});
afterAll(() => api.stop());

const get = async (path: string, userId: string) =>
  request(api.url)
    .get(`/api/v1/daycare${path}`)
    .set(await as(api, userId));

describe('an enquiry', () => {
  const cases: [string, () => string, number][] = [
    ['its guardian', () => parentA.id, 200],
    ['another guardian', () => parentB.id, 404],
    ["the centre's operator", () => x.operator.id, 200],
    ["another centre's operator", () => y.operator.id, 404],
    ["the community's committee", () => x.committee.id, 404],
  ];
  it.each(cases)('is seen by %s: %i', async (_who, userId, status) => {
    expect((await get(`/enquiries/${enquiryA}`, userId())).status).toBe(status);
    expect((await get(`/enquiries/${enquiryA}/messages`, userId())).status).toBe(status);
    expect((await get(`/enquiries/${enquiryA}/waitlist`, userId())).status).toBe(status);
  });

  it.each([
    ['another guardian', () => parentB.id],
    ["another centre's operator", () => y.operator.id],
  ])('cannot be acted on or written to by %s (404, nothing changes)', async (_who, userId) => {
    for (const [action, body] of [
      ['withdraw', {}],
      ['decline', { reason: '不行' }],
      ['messages', { text: '你好' }],
      ['read', {}],
    ] as const) {
      const res = await act(api, userId(), enquiryA, action, body);
      expect([403, 404]).toContain(res.status);
    }
    expect((await get(`/enquiries/${enquiryA}`, parentA.id)).body.status).toBe('waitlisted');
    expect(
      (await get(`/enquiries/${enquiryA}/messages`, parentA.id)).body.items.map(
        (m: { text: string }) => m.text,
      ),
    ).toEqual(['欢迎']);
  });
});

it("lists a guardian's own enquiries only", async () => {
  const mine = await get('/enquiries/mine', parentB.id);
  expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([enquiryB]);
});

it('lists a centre only the enquiries made to it; another centre and the committee get none', async () => {
  const inbox = await get(`/centres/${x.centre.id}/enquiries`, x.operator.id);
  expect(inbox.body.items.map((e: { id: string }) => e.id).sort()).toEqual([enquiryA, enquiryB].sort());
  expect((await get(`/centres/${y.centre.id}/enquiries`, y.operator.id)).body.items).toEqual([]);
  for (const path of [
    `/centres/${x.centre.id}/enquiries`,
    `/centres/${x.centre.id}/enquiries/csv`,
    `/centres/${x.centre.id}/occupancy`,
    `/centres/${x.centre.id}/conversion?from=2031-03-01&to=2031-03-31`,
    `/centres/${x.centre.id}/settings`,
    `/classes/${x.classes.toddler!.id}/waitlist`,
  ]) {
    expect((await get(path, y.operator.id)).status).toBe(404);
    expect((await get(path, x.committee.id)).status).toBe(403);
    expect((await get(path, parentA.id)).status).toBe(403);
  }
});

it("shows a visit's visitors to the centre only", async () => {
  const slot = await makeSlot(api, x, { date: '2031-03-25' });
  const forCentre = await get(`/centres/${x.centre.id}/visit-slots`, x.operator.id);
  expect(forCentre.body.items.find((s: { id: string }) => s.id === slot.id).visitors).toEqual([]);
  const forParent = await get(`/centres/${x.centre.id}/visit-slots`, parentB.id);
  expect(forParent.body.items.find((s: { id: string }) => s.id === slot.id).visitors).toBeUndefined();
});

it("gives the committee its community's demand as counts, with no child in it", async () => {
  const res = await get(`/communities/${x.community.id}/demand?months=3`, x.committee.id);
  expect(res.status).toBe(200);
  expect(res.body.months).toEqual(['2031-01', '2031-02', '2031-03']);
  const toddlers = res.body.bands.find((b: { band: string }) => b.band === 'toddler');
  expect(toddlers.enquiries).toEqual([0, 0, 2]);
  expect(toddlers.waitlisted).toEqual([0, 0, 1]);
  const text = JSON.stringify(res.body);
  for (const secret of ['甜甜', '果果', '2030-04', parentA.id, enquiryA]) expect(text).not.toContain(secret);
  expect((await get(`/communities/${x.community.id}/demand`, otherCommittee.id)).status).toBe(404);
  expect((await get(`/communities/${x.community.id}/demand`, x.operator.id)).status).toBe(403);
  expect((await get(`/communities/${x.community.id}/demand`, parentA.id)).status).toBe(403);
});
