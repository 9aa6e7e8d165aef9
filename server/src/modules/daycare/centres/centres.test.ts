/**
 * Centres over HTTP: settings with fees net of the inclusive subsidy, classes under the national
 * caps, the class a child joins derived from the birth month at the desired start (at month
 * boundaries), and a clear 4xx for a child too young or too old for every class.
 */
import request from 'supertest';
import sharp from 'sharp';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { as, makeCentre, makeGuardian, SETTINGS } from '../test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('centre settings', () => {
  it('shows residents each fee with the inclusive subsidy and the net, the age range and the published priority rules', async () => {
    const world = await makeCentre(api);
    const parent = await makeGuardian(api, world);
    const res = await request(api.url)
      .get(`/api/v1/daycare/centres/${world.centre.id}`)
      .set(await as(api, parent.id));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      address: SETTINGS.address,
      inclusive: true,
      ageRangeMonths: { min: 6, max: 36 },
      priorityRuleNames: ['已有兄弟姐妹在园', '居住在本社区', '咨询先后'],
      actions: ['enquire'],
    });
    expect(res.body.fees).toEqual([
      { schedule: 'fullDay', unit: 'month', priceFen: 280000, subsidyFen: 80000, netFen: 200000 },
      { schedule: 'halfDay', unit: 'month', priceFen: 160000, subsidyFen: 40000, netFen: 120000 },
      { schedule: 'hourly', unit: 'hour', priceFen: 4000, subsidyFen: 1000, netFen: 3000 },
    ]);
    expect(
      res.body.classes.map((c: { name: string; free: number; cap: number }) => [c.name, c.free, c.cap]),
    ).toEqual([
      ['乳儿班', 10, 10],
      ['托小班', 15, 15],
      ['托大班', 20, 20],
    ]);
    const list = await request(api.url)
      .get('/api/v1/daycare/centres')
      .set(await as(api, parent.id));
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(world.centre.id);
  });

  it('refuses a subsidy at a centre that is not inclusive, naming the field, and keeps the saved settings', async () => {
    const world = await makeCentre(api);
    const res = await request(api.url)
      .put(`/api/v1/daycare/centres/${world.centre.id}/settings`)
      .set(await as(api, world.operator.id))
      .send({ ...SETTINGS, inclusive: false, address: '别处' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(
      'fees.fullDay.subsidyFen',
    );
    const after = await request(api.url)
      .get(`/api/v1/daycare/centres/${world.centre.id}/settings`)
      .set(await as(api, world.operator.id));
    expect(after.body).toMatchObject({ address: SETTINGS.address, inclusive: true });
    expect(after.body.replyTemplates).toEqual(SETTINGS.replyTemplates);
  });

  it("is the operator's alone: another centre's operator and residents get 404 on the settings", async () => {
    const world = await makeCentre(api);
    const other = await makeCentre(api);
    for (const who of [other.operator.id, (await makeGuardian(api, world)).id]) {
      const res = await request(api.url)
        .get(`/api/v1/daycare/centres/${world.centre.id}/settings`)
        .set(await as(api, who));
      expect([403, 404]).toContain(res.status);
    }
  });
});

describe('classes under the national standard', () => {
  it.each([
    ['infant', 11, 10],
    ['toddler', 16, 15],
    ['olderToddler', 21, 20],
    ['mixed', 19, 18],
  ])(
    'refuses a %s class of %i, naming the cap of %i; the cap itself is accepted',
    async (band, over, cap) => {
      const world = await makeCentre(api, { classes: [] });
      const auth = await as(api, world.operator.id);
      const refused = await request(api.url)
        .post(`/api/v1/daycare/centres/${world.centre.id}/classes`)
        .set(auth)
        .send({ name: '新班', band, capacity: over });
      expect(refused.status).toBe(400);
      const field = refused.body.error.details.fields[0];
      expect(field.path).toBe('capacity');
      expect(field.message).toContain(String(cap));
      const ok = await request(api.url)
        .post(`/api/v1/daycare/centres/${world.centre.id}/classes`)
        .set(auth)
        .send({ name: '新班', band, capacity: cap });
      expect(ok.status).toBe(201);
      const centre = await request(api.url).get(`/api/v1/daycare/centres/${world.centre.id}`).set(auth);
      expect(centre.body.classes).toHaveLength(1);
    },
  );

  it('counts children enrolled outside the platform and never shrinks below them', async () => {
    const world = await makeCentre(api);
    const auth = await as(api, world.operator.id);
    const toddlers = world.classes.toddler!.id;
    const set = await request(api.url)
      .put(`/api/v1/daycare/classes/${toddlers}/enrolled`)
      .set(auth)
      .send({ birthMonths: ['2029-06', '2029-08', '2030-01'] });
    expect(set.body).toMatchObject({ enrolled: 3, free: 12 });
    const shrink = await request(api.url)
      .put(`/api/v1/daycare/classes/${toddlers}`)
      .set(auth)
      .send({ name: '托小班', band: 'toddler', capacity: 2 });
    expect(shrink.status).toBe(409);
    expect(shrink.body.error.details.taken).toBe(3);
    const del = await request(api.url).delete(`/api/v1/daycare/classes/${toddlers}`).set(auth);
    expect(del.status).toBe(409);
  });
});

describe('the class a child joins', () => {
  const preview = async (
    world: Awaited<ReturnType<typeof makeCentre>>,
    userId: string,
    birthMonth: string,
    desiredStart: string,
  ) =>
    request(api.url)
      .post('/api/v1/daycare/enquiries/preview')
      .set(await as(api, userId))
      .send({ birthMonth, desiredStart, schedule: 'fullDay', centreIds: [world.centre.id] });

  it('is the toddler class for a child who turns 12 months on the start date, the infant class the day before', async () => {
    const world = await makeCentre(api);
    const parent = await makeGuardian(api, world);
    // Born 2030-09: counted from 2030-09-01, 12 months on 2031-09-01.
    const onTheDay = await preview(world, parent.id, '2030-09', '2031-09-01');
    expect(onTheDay.status).toBe(200);
    expect(onTheDay.body.items[0]).toMatchObject({
      ageMonthsAtStart: 12,
      band: 'toddler',
      className: '托小班',
      free: 15,
    });
    expect(onTheDay.body.items[0].fee).toMatchObject({ netFen: 200000 });
    const dayBefore = await preview(world, parent.id, '2030-09', '2031-08-31');
    expect(dayBefore.body.items[0]).toMatchObject({
      ageMonthsAtStart: 11,
      band: 'infant',
      className: '乳儿班',
    });
    // The same at 24 months: toddler the day before, older toddler on the day.
    expect((await preview(world, parent.id, '2029-09', '2031-08-31')).body.items[0].band).toBe('toddler');
    expect((await preview(world, parent.id, '2029-09', '2031-09-01')).body.items[0].band).toBe(
      'olderToddler',
    );
  });

  it('answers 422 naming the age and the range for a child too young or too old for every class', async () => {
    const world = await makeCentre(api);
    const parent = await makeGuardian(api, world);
    const young = await preview(world, parent.id, '2031-03', '2031-08-01'); // 5 months
    expect(young.status).toBe(422);
    expect(young.body.error).toMatchObject({
      code: 'DAYCARE_NO_CLASS_FOR_AGE',
      details: { ageMonthsAtStart: 5 },
    });
    expect(young.body.error.message).toContain('5 个月');
    const old = await preview(world, parent.id, '2028-06', '2031-08-01'); // 38 months
    expect(old.status).toBe(422);
    expect(old.body.error.details.ageMonthsAtStart).toBe(38);
  });

  it('answers 422 for an age the centre takes but has no class for', async () => {
    const world = await makeCentre(api, {
      classes: [{ name: '托大班', band: 'olderToddler', capacity: 20 }],
    });
    const parent = await makeGuardian(api, world);
    const res = await preview(world, parent.id, '2030-09', '2031-09-01');
    expect(res.status).toBe(422);
  });
});

it('documents the daycare routes in the OpenAPI document, generated from the same schemas', async () => {
  const doc = await request(api.url).get('/api/openapi.json');
  expect(doc.status).toBe(200);
  const paths = Object.keys(doc.body.paths).filter((p) => p.includes('/daycare/'));
  expect(paths.length).toBeGreaterThan(25);
  expect(doc.body.paths['/api/v1/daycare/enquiries'].post.responses).toHaveProperty('422');
});

describe('centre photos', () => {
  const jpeg = (r: number) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g: 120, b: 80 } } })
      .jpeg()
      .toBuffer();

  it('deletes the upload of a photo taken off the centre and keeps the others', async () => {
    const world = await makeCentre(api);
    const operator = await as(api, world.operator.id);
    const ids: string[] = [];
    for (const r of [40, 200]) {
      const up = await request(api.url)
        .post('/api/v1/uploads')
        .set(operator)
        .attach('file', await jpeg(r), 'room.jpg');
      expect(up.status).toBe(201);
      ids.push(up.body.id);
    }
    const put = (photoIds: string[]) =>
      request(api.url)
        .put(`/api/v1/daycare/centres/${world.centre.id}/settings`)
        .set(operator)
        .send({ ...SETTINGS, photoIds });
    const both = await put(ids);
    expect(both.status).toBe(200);
    const [kept, dropped] = both.body.photos as { id: string; url: string; thumbUrl: string }[];
    expect((await request(api.url).get(dropped!.url)).status).toBe(200);

    const after = await put([ids[0]!]);
    expect(after.status).toBe(200);
    expect(after.body.photos.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
    // The dropped photo is gone for good: its signed links and the upload itself answer 404.
    expect((await request(api.url).get(dropped!.url)).status).toBe(404);
    expect((await request(api.url).get(dropped!.thumbUrl)).status).toBe(404);
    expect((await request(api.url).get(`/api/v1/uploads/${ids[1]}`).set(operator)).status).toBe(404);
    expect((await request(api.url).get(kept!.url)).status).toBe(200);
    // Saving again without it changes nothing more.
    expect((await put([ids[0]!])).status).toBe(200);
    expect((await request(api.url).get(kept!.thumbUrl)).status).toBe(200);
  });
});
