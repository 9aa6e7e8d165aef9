/**
 * The centre's console figures over HTTP: class occupancy now and for 6 months with children
 * ageing out, conversion for a period, and the CSV export.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { act, as, enquire, makeCentre, makeGuardian, makeSlot } from '../test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it('draws each class month by month for 6 months, children leaving the band on the 1st of the month they reach its upper age', async () => {
  const world = await makeCentre(api, { classes: [{ name: '托小班', band: 'toddler', capacity: 10 }] });
  const auth = await as(api, world.operator.id);
  await request(api.url)
    .put(`/api/v1/daycare/classes/${world.classes.toddler!.id}/enrolled`)
    .set(auth)
    .send({ birthMonths: ['2029-04', '2029-05', '2029-05', '2029-08', '2030-06'] });
  const parent = await makeGuardian(api, world);
  const { id } = await enquire(api, world, parent.id, { birthMonth: '2030-01' });
  await act(api, world.operator.id, id, 'reply', { text: '好' });
  await act(api, world.operator.id, id, 'waitlist');
  await act(api, world.operator.id, id, 'offer');
  const res = await request(api.url).get(`/api/v1/daycare/centres/${world.centre.id}/occupancy`).set(auth);
  expect(res.status).toBe(200);
  expect(res.body.classes[0].series).toEqual([
    { month: '2031-03', enrolled: 5, offered: 1, free: 4, ageingOut: 0 },
    { month: '2031-04', enrolled: 4, offered: 1, free: 5, ageingOut: 1 },
    { month: '2031-05', enrolled: 2, offered: 1, free: 7, ageingOut: 2 },
    { month: '2031-06', enrolled: 2, offered: 1, free: 7, ageingOut: 0 },
    { month: '2031-07', enrolled: 2, offered: 1, free: 7, ageingOut: 0 },
    { month: '2031-08', enrolled: 1, offered: 1, free: 8, ageingOut: 1 },
  ]);
});

it('counts the enquiries of a period that went on to a visit, an offer and a place; exports them as CSV', async () => {
  const world = await makeCentre(api);
  const slot = await makeSlot(api, world, { date: '2031-03-10' });
  const made = [];
  for (let i = 0; i < 4; i++) {
    const parent = await makeGuardian(api, world);
    made.push({
      parent,
      id: (await enquire(api, world, parent.id, { nickname: ['一一', '二二', '三三', '=SUM(A1)'][i] })).id,
    });
  }
  for (const { id } of made) await act(api, world.operator.id, id, 'reply', { text: '欢迎' });
  for (const { parent, id } of made.slice(0, 3)) await act(api, parent.id, id, 'visit', { slotId: slot.id });
  api.clock.set('2031-03-11T02:00:00Z');
  for (const { id } of made.slice(0, 2)) {
    await act(api, world.operator.id, id, 'visited');
    await act(api, world.operator.id, id, 'offer');
  }
  await act(api, made[0]!.parent.id, made[0]!.id, 'accept');
  const auth = await as(api, world.operator.id);
  const res = await request(api.url)
    .get(`/api/v1/daycare/centres/${world.centre.id}/conversion?from=2031-03-01&to=2031-03-31`)
    .set(auth);
  expect(res.body).toMatchObject({
    enquiries: 4,
    visits: 3,
    offers: 2,
    enrolments: 1,
    rates: { visitPerEnquiry: 0.75, offerPerVisit: 0.667, enrolPerOffer: 0.5 },
  });
  const before = await request(api.url)
    .get(`/api/v1/daycare/centres/${world.centre.id}/conversion?from=2031-02-01&to=2031-02-28`)
    .set(auth);
  expect(before.body.enquiries).toBe(0);
  const csv = await request(api.url)
    .get(`/api/v1/daycare/centres/${world.centre.id}/enquiries/csv`)
    .set(auth);
  expect(csv.headers['content-type']).toContain('text/csv');
  const lines = csv.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('编号,状态,孩子昵称,出生年月,入托时月龄,期望入托,托育方式,班级,咨询时间,未读');
  expect(lines).toHaveLength(5);
  expect(csv.text).toContain(',enrolled,一一,2030-05,16,2031-09-01,fullDay,托小班,');
  expect(csv.text).toContain(",'=SUM(A1),");
});
