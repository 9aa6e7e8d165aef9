/**
 * The admin builds the map of communities: communities, buildings, households with exact areas,
 * providers — one at a time or by CSV import, where one bad row means nothing is imported.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeAdmin, committeeOf, makeResident } from '../membership/test-factories';
import type { Made } from '../identity/test-factories';
import { HouseholdModel } from './model';
import { makeBuilding, makeCommunity, makeHousehold } from './test-factories';

let api: TestApi;
let admin: Made;
beforeAll(async () => {
  api = await startTestApi();
  admin = await makeAdmin(api);
});
afterAll(() => api.stop());

const asAdmin = () => api.bearer(admin.accessToken);

describe('communities, buildings and households', () => {
  it('lets the admin create a community, add buildings and households, and read them back', async () => {
    const created = await request(api.url)
      .post('/api/v1/admin/communities')
      .set(asAdmin())
      .send({ name: '阳光社区', code: 'YG-01', address: '阳光路 1 号', district: '朝阳区' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: '阳光社区',
      code: 'YG-01',
      address: '阳光路 1 号',
      district: '朝阳区',
    });
    const communityId = created.body.id;

    const building = await request(api.url)
      .post(`/api/v1/admin/communities/${communityId}/buildings`)
      .set(asAdmin())
      .send({ name: '1号楼' });
    expect(building.status).toBe(201);
    expect(building.body).toMatchObject({ name: '1号楼', communityId, sortOrder: 0 });

    const household = await request(api.url)
      .post(`/api/v1/admin/communities/${communityId}/households`)
      .set(asAdmin())
      .send({ buildingId: building.body.id, unit: '2-301', area: '89.5' });
    expect(household.status).toBe(201);
    expect(household.body).toMatchObject({ unit: '2-301', area: '89.50', buildingName: '1号楼' });

    const edited = await request(api.url)
      .patch(`/api/v1/admin/households/${household.body.id}`)
      .set(asAdmin())
      .send({ area: 120 });
    expect(edited.body.area).toBe('120.00');

    const list = await request(api.url).get(`/api/v1/communities/${communityId}/households`).set(asAdmin());
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: household.body.id, area: '120.00' }] });

    const renamed = await request(api.url)
      .patch(`/api/v1/admin/communities/${communityId}`)
      .set(asAdmin())
      .send({ name: '阳光花园社区' });
    expect(renamed.body.name).toBe('阳光花园社区');
  });

  it('refuses a second community with the same code, naming the field', async () => {
    await makeCommunity({ code: 'DUP-1' });
    const res = await request(api.url)
      .post('/api/v1/admin/communities')
      .set(asAdmin())
      .set('Accept-Language', 'en')
      .send({ name: 'x', code: 'DUP-1', address: 'a', district: 'd' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('community code DUP-1 is already taken');
  });

  it('refuses a duplicate building name and a duplicate unit in one building', async () => {
    const building = await makeBuilding(undefined, '5号楼');
    const again = await request(api.url)
      .post(`/api/v1/admin/communities/${building.communityId}/buildings`)
      .set(asAdmin())
      .send({ name: '5号楼' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('5号楼');

    await makeHousehold({ building, unit: '1-101' });
    const dup = await request(api.url)
      .post(`/api/v1/admin/communities/${building.communityId}/households`)
      .set(asAdmin())
      .send({ buildingId: building.id, unit: '1-101', area: '60' });
    expect(dup.status).toBe(409);
    expect(
      (await request(api.url).get(`/api/v1/communities/${building.communityId}/households`).set(asAdmin()))
        .body.total,
    ).toBe(1);
  });

  it('refuses a building of another community', async () => {
    const building = await makeBuilding();
    const other = await makeCommunity();
    const res = await request(api.url)
      .post(`/api/v1/admin/communities/${other.id}/households`)
      .set(asAdmin())
      .send({ buildingId: building.id, unit: '1-101', area: '60' });
    expect(res.status).toBe(400);
  });

  describe('area precision', () => {
    it.each([
      ['89.5', '89.50'],
      ['89.55', '89.55'],
      [89.55, '89.55'],
      ['100', '100.00'],
      [' 0.01 ', '0.01'],
    ])('accepts %p and shows it as %p', async (area, shown) => {
      const building = await makeBuilding();
      const res = await request(api.url)
        .post(`/api/v1/admin/communities/${building.communityId}/households`)
        .set(asAdmin())
        .send({ buildingId: building.id, unit: '1-101', area });
      expect(res.status).toBe(201);
      expect(res.body.area).toBe(shown);
    });

    it.each([
      ['89.555', 'two decimal places'],
      [89.123, 'two decimal places'],
      ['-5', 'cannot be negative'],
      [-5, 'cannot be negative'],
      ['0', 'greater than 0'],
      ['abc', 'must be a number'],
      ['1e3', 'must be a number'],
      ['', 'area is required'],
    ])('refuses %p with a message saying why (%s)', async (area, why) => {
      const building = await makeBuilding();
      const res = await request(api.url)
        .post(`/api/v1/admin/communities/${building.communityId}/households`)
        .set(asAdmin())
        .set('Accept-Language', 'en')
        .send({ buildingId: building.id, unit: '1-101', area });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields).toEqual([
        { location: 'body', path: 'area', reason: 'custom', message: expect.stringContaining(why) },
      ]);
      const zh = await request(api.url)
        .post(`/api/v1/admin/communities/${building.communityId}/households`)
        .set(asAdmin())
        .send({ buildingId: building.id, unit: '1-101', area });
      expect(zh.body.error.details.fields[0].message).toMatch(/面积/);
      const list = await request(api.url)
        .get(`/api/v1/communities/${building.communityId}/households`)
        .set(asAdmin());
      expect(list.body.total).toBe(0);
    });
  });

  it('lets a committee member read their own community but not another', async () => {
    const household = await makeHousehold();
    const own = await committeeOf(api, { id: household.communityId } as never);
    const res = await request(api.url)
      .get(`/api/v1/communities/${household.communityId}/buildings`)
      .set(api.bearer(own.accessToken));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const stranger = await committeeOf(api, await makeCommunity());
    const refused = await request(api.url)
      .get(`/api/v1/communities/${household.communityId}/households`)
      .set(api.bearer(stranger.accessToken));
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(household.id);
  });

  it('lets a resident find one household by building and unit', async () => {
    const building = await makeBuilding(undefined, '7号楼');
    const household = await makeHousehold({ building, unit: '3-301' });
    const resident = await makeResident(api);
    const found = await request(api.url)
      .get(`/api/v1/communities/${building.communityId}/households/lookup`)
      .query({ building: '7号楼', unit: '3-301' })
      .set(api.bearer(resident.accessToken));
    expect(found.body).toEqual({ id: household.id, label: '7号楼 3-301' });
    const missing = await request(api.url)
      .get(`/api/v1/communities/${building.communityId}/households/lookup`)
      .query({ building: '7号楼', unit: '9-999' })
      .set(api.bearer(resident.accessToken));
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('住户');
  });
});

describe('providers', () => {
  it('registers a provider serving communities and lists it by community', async () => {
    const community = await makeCommunity();
    const created = await request(api.url)
      .post('/api/v1/admin/providers')
      .set(asAdmin())
      .send({ name: '长者食堂', kind: 'canteen', communityIds: [community.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '长者食堂', kind: 'canteen', communityIds: [community.id] });
    const list = await request(api.url)
      .get('/api/v1/admin/providers')
      .query({ communityId: community.id })
      .set(asAdmin());
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const edited = await request(api.url)
      .patch(`/api/v1/admin/providers/${created.body.id}`)
      .set(asAdmin())
      .send({ name: '幸福食堂' });
    expect(edited.body.name).toBe('幸福食堂');
  });

  it('refuses a provider for a community that does not exist', async () => {
    const res = await request(api.url)
      .post('/api/v1/admin/providers')
      .set(asAdmin())
      .send({ name: '物业', kind: 'property', communityIds: ['665f1c2ab7e4a1d2c3b4a5f6'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('社区');
  });
});

describe('CSV import', () => {
  const url = (communityId: string) => `/api/v1/admin/communities/${communityId}/households/import`;
  const households = async (communityId: string) =>
    (
      await request(api.url)
        .get(`/api/v1/communities/${communityId}/households`)
        .query({ pageSize: 200 })
        .set(asAdmin())
    ).body;
  const buildings = async (communityId: string) =>
    (await request(api.url).get(`/api/v1/communities/${communityId}/buildings`).set(asAdmin())).body.items;

  it('imports a text/csv file: creates missing buildings and every household, and reports counts', async () => {
    const community = await makeCommunity();
    await makeBuilding(community, '1号楼');
    const csv = 'building,unit,area\n1号楼,1-101,89.5\n1号楼,1-102,"90.25"\n2号楼,1-101,75\n';
    const res = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ buildingsCreated: 1, householdsCreated: 3, rows: 3 });
    const listed = await households(community.id);
    expect(listed.total).toBe(3);
    expect(
      listed.items
        .map(
          (h: { buildingName: string; unit: string; area: string }) =>
            `${h.buildingName} ${h.unit} ${h.area}`,
        )
        .sort(),
    ).toEqual(['1号楼 1-101 89.50', '1号楼 1-102 90.25', '2号楼 1-101 75.00']);
  });

  it('accepts JSON { csv } and Chinese headers', async () => {
    const community = await makeCommunity();
    const res = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .send({ csv: '\uFEFF楼栋,房号,面积\r\n3号楼,1-101,60.00\r\n' });
    expect(res.status).toBe(201);
    expect(res.body.householdsCreated).toBe(1);
  });

  it('imports nothing when any row is bad, and reports every bad row with line, column and reason', async () => {
    const community = await makeCommunity();
    const existing = await makeBuilding(community, '1号楼');
    await makeHousehold({ building: existing, unit: '1-103' });
    const csv = [
      'building,unit,area',
      '1号楼,1-101,89.50', // line 2: good
      '2号楼,1-101,89.555', // line 3: too precise
      ',1-102,70', // line 4: no building
      '1号楼,1-101,80', // line 5: duplicate of line 2
      '1号楼,1-103,80', // line 6: already exists
      '2号楼,1-102,-3', // line 7: negative
    ].join('\n');
    const res = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .set('Accept-Language', 'en')
      .send({ csv });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMPORT_ROWS_INVALID');
    expect(res.body.error.message).toContain('nothing was imported');
    const rows = res.body.error.details.rows;
    expect(
      rows.map((r: { row: number; column: string; reason: string }) => [r.row, r.column, r.reason]),
    ).toEqual([
      [3, 'area', 'invalidArea'],
      [4, 'building', 'required'],
      [5, 'unit', 'duplicateInFile'],
      [6, 'unit', 'alreadyExists'],
      [7, 'area', 'invalidArea'],
    ]);
    expect(rows[0].message).toEqual({
      'zh-CN': expect.stringContaining('两位小数'),
      en: expect.stringContaining('two decimal'),
    });
    expect(rows[2].message.en).toContain('repeats row 2');
    // Nothing from the file was written: only the household made before the import.
    expect((await households(community.id)).total).toBe(1);
    expect((await buildings(community.id)).map((b: { name: string }) => b.name)).toEqual(['1号楼']);
  });

  it('names a missing column and an unreadable file', async () => {
    const community = await makeCommunity();
    const noArea = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .send({ csv: 'building,unit\n1号楼,1-101' });
    expect(noArea.status).toBe(400);
    expect(noArea.body.error.details.rows).toEqual([
      expect.objectContaining({ row: 1, column: 'area', reason: 'missingColumn' }),
    ]);
    const broken = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .send({ csv: 'building,unit,area\n"1号楼,1-101,80' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.rows[0].reason).toBe('unreadable');
    const empty = await request(api.url)
      .post(url(community.id))
      .set(asAdmin())
      .set('Content-Type', 'text/csv')
      .send('');
    expect(empty.status).toBe(400);
  });

  it('leaves nothing half-written when two imports of the same rows race', async () => {
    const community = await makeCommunity();
    const rows = Array.from(
      { length: 40 },
      (_, i) => `9号楼,${Math.floor(i / 10) + 1}-${101 + (i % 10)},66.6`,
    );
    const csv = ['building,unit,area', ...rows].join('\n');
    const results = await Promise.all(
      [1, 2, 3].map(() => request(api.url).post(url(community.id)).set(asAdmin()).send({ csv })),
    );
    const statuses = results.map((r) => r.status).sort();
    // Whatever interleaving happened, the store holds either one whole import or none.
    const total = (await households(community.id)).total;
    expect([0, 40]).toContain(total);
    expect(statuses.filter((s) => s === 201).length).toBe(total === 40 ? 1 : 0);
    for (const r of results.filter((x) => x.status !== 201)) expect([400, 409]).toContain(r.status);
    expect((await buildings(community.id)).length).toBe(total === 40 ? 1 : 0);
  });

  it('removes the buildings it created when writing the households fails midway', async () => {
    const community = await makeCommunity();
    const spy = jest
      .spyOn(HouseholdModel, 'insertMany')
      .mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    try {
      const res = await request(api.url)
        .post(url(community.id))
        .set(asAdmin())
        .send({ csv: 'building,unit,area\n新楼,1-101,50\n新楼,1-102,50' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('没有导入任何内容');
    } finally {
      spy.mockRestore();
    }
    expect(await buildings(community.id)).toEqual([]);
    expect((await households(community.id)).total).toBe(0);
  });
});
