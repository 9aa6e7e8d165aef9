/**
 * The committee's ownership roll over HTTP: areas corrected exactly, the nominee and the
 * developer's units recorded, the totals counted as an owners' decision will count them, bad input
 * refused naming the field with nothing written, and no change to a unit inside an open owners' vote.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import {
  addToHousehold,
  createConsultation,
  makeUnit,
  makeWorld,
  move,
  placeResidents,
  vote,
  type World,
} from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const roll = (world: World, auth = world.committee.auth) =>
  request(api.url).get(`/api/v1/consultations/communities/${world.community.id}/units`).set(auth);
const setUnit = (
  world: World,
  householdId: string,
  body: Record<string, unknown>,
  auth = world.committee.auth,
) =>
  request(api.url)
    .put(`/api/v1/consultations/communities/${world.community.id}/units/${householdId}/ownership`)
    .set(auth)
    .send(body);

interface RollUnit {
  householdId: string;
  unit: string;
  buildingName: string;
  areaCenti: number;
  developerHeld: boolean;
  owners: { id: string; displayName: string }[];
  nominatedVoterId?: string;
  needsNominee: boolean;
  unitsOfSamePerson: number;
  lockedBy?: { id: string; title: string };
  actions: string[];
}

describe('the ownership roll', () => {
  it('lists each unit by building and door with its area, owners, nominee and the art. 278 totals', async () => {
    const world = await makeWorld(api, ['1号楼', '2号楼']);
    const [b1, b2] = world.buildings;
    const u101 = await makeUnit(world, b1, '101', '89.50');
    const u1001 = await makeUnit(world, b1, '1001', '120.25');
    const u102 = await makeUnit(world, b1, '102', '75.00');
    const u201 = await makeUnit(world, b2, '201', '100.00');
    const u202 = await makeUnit(world, b2, '202', '60.10');
    const [jia] = await placeResidents(api, u101, 'owner', 1, '甲');
    await addToHousehold(api, u1001, 'owner', [jia.id]);
    const [yi, bing] = await placeResidents(api, u102, 'owner', 2, '乙丙');
    await placeResidents(api, u201, 'tenant', 1, '租户');
    expect((await setUnit(world, u201.id, { developerHeld: true })).status).toBe(200);
    expect((await setUnit(world, u202.id, { developerHeld: true })).status).toBe(200);

    const res = await roll(world);
    expect(res.status).toBe(200);
    const units = res.body.units as RollUnit[];
    expect(units.map((u) => `${u.buildingName} ${u.unit}`)).toEqual([
      '1号楼 101',
      '1号楼 102',
      '1号楼 1001',
      '2号楼 201',
      '2号楼 202',
    ]);
    const of = (id: string) => units.find((u) => u.householdId === id)!;
    expect(of(u101.id)).toMatchObject({ areaCenti: 8950, unitsOfSamePerson: 2, needsNominee: false });
    expect(of(u101.id).owners).toEqual([{ id: jia.id, displayName: '甲' }]);
    expect(
      of(u102.id)
        .owners.map((o) => o.id)
        .sort(),
    ).toEqual([yi.id, bing.id].sort());
    expect(of(u102.id).needsNominee).toBe(true);
    // A tenant is not an owner; the developer's two units are one person.
    expect(of(u201.id)).toMatchObject({ developerHeld: true, owners: [], unitsOfSamePerson: 2 });
    // 甲 (2 units), 乙丙 (1), the developer (2): three persons, 445.85 m² in all.
    expect(res.body.totals).toEqual({ areaCenti: 44485, units: 5, persons: 3, developerUnits: 2 });
    expect(res.body.openOwnersVotes).toEqual([]);
    expect(units.every((u) => u.actions.includes('setOwnership'))).toBe(true);

    const nominated = await setUnit(world, u102.id, { developerHeld: false, nominatedVoterId: bing.id });
    expect(nominated.status).toBe(200);
    expect(nominated.body).toMatchObject({ nominatedVoterId: bing.id, needsNominee: false, areaCenti: 7500 });
  });

  it('corrects an area exactly from its decimal text, and the owners’ decision opened next counts it', async () => {
    const world = await makeWorld(api, ['1号楼']);
    const [a, b] = [
      await makeUnit(world, world.buildings[0], '101'),
      await makeUnit(world, world.buildings[0], '102'),
    ];
    await placeResidents(api, a, 'owner', 1, '甲');
    await placeResidents(api, b, 'owner', 1, '乙');
    // 0.1 + 0.2 is not 0.3 in floating point; 100.1 + 100.2 must still total 200.30 m².
    expect((await setUnit(world, a.id, { developerHeld: false, area: '100.1' })).body.areaCenti).toBe(10010);
    expect((await setUnit(world, b.id, { developerHeld: false, area: '100.20' })).body.areaCenti).toBe(10020);
    expect((await roll(world)).body.totals.areaCenti).toBe(20030);

    const c = await createConsultation(api, world, {
      title: '使用维修资金维修电梯',
      eligibility: 'owner',
      matter: 'useMaintenanceFund',
      ballot: { kind: 'approval' },
    });
    await move(api, world, c.id, 'openVoting');
    const turnout = await request(api.url)
      .get(`/api/v1/consultations/${c.id}/turnout`)
      .set(world.committee.auth);
    const area = (turnout.body.gauges as { key: string; of: number }[]).find(
      (g) => g.key === 'participationArea',
    );
    expect(area?.of).toBe(20030);
  });

  it('refuses bad input naming the field, and writes nothing of it', async () => {
    const world = await makeWorld(api, ['1号楼']);
    const unit = await makeUnit(world, world.buildings[0], '101', '88.00');
    const [owner] = await placeResidents(api, unit, 'owner', 1, '甲');
    const [tenant] = await placeResidents(api, unit, 'tenant', 1, '租户');

    for (const area of ['89.555', '-1', 'abc', '0']) {
      const res = await setUnit(world, unit.id, { developerHeld: true, area });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('area');
    }
    // A tenant is no nominee: refused, and the valid area sent with it is not written either.
    const wrongNominee = await setUnit(world, unit.id, {
      developerHeld: false,
      nominatedVoterId: tenant.id,
      area: '95.00',
    });
    expect(wrongNominee.status).toBe(400);
    expect(JSON.stringify(wrongNominee.body.error)).toContain('nominatedVoterId');
    const after = (await roll(world)).body.units[0] as RollUnit;
    expect(after).toMatchObject({ areaCenti: 8800, developerHeld: false });
    expect(after.nominatedVoterId).toBeUndefined();
    expect((await setUnit(world, unit.id, { developerHeld: false, nominatedVoterId: owner.id })).status).toBe(
      200,
    );

    const audit = await request(api.url)
      .get(`/api/v1/audit?communityId=${world.community.id}`)
      .set(world.committee.auth);
    expect(JSON.stringify(audit.body)).toContain('consultation.unitOwnership');
  });

  it('another community’s committee and residents see and change nothing', async () => {
    const home = await makeWorld(api, ['1号楼']);
    const other = await makeWorld(api, ['1号楼']);
    const unit = await makeUnit(home, home.buildings[0], '101', '88.00');
    const [owner] = await placeResidents(api, unit, 'owner', 1, '甲');
    expect((await roll(home, other.committee.auth)).status).toBe(404);
    expect((await roll(home, owner.auth)).status).toBeGreaterThanOrEqual(403);
    expect(
      (await setUnit(home, unit.id, { developerHeld: true, area: '1.00' }, owner.auth)).status,
    ).toBeGreaterThanOrEqual(403);
    // A unit of another community, under this committee's own community id.
    expect((await setUnit(other, unit.id, { developerHeld: true })).status).toBe(404);
    expect((await roll(home)).body.units[0]).toMatchObject({ areaCenti: 8800, developerHeld: false });
  });

  it('refuses a change to a unit inside an open owners’ vote (409 naming it), and allows it after close', async () => {
    const world = await makeWorld(api, ['1号楼', '2号楼']);
    const [b1, b2] = world.buildings;
    const inside = await makeUnit(world, b1, '101', '100.00');
    const outside = await makeUnit(world, b2, '201', '100.00');
    const [a, b] = await placeResidents(api, inside, 'owner', 2, '甲乙');
    await placeResidents(api, outside, 'owner', 1, '丙');
    const c = await createConsultation(api, world, {
      title: '1号楼电梯维修',
      eligibility: 'owner',
      matter: 'useMaintenanceFund',
      ballot: { kind: 'approval' },
      buildingIds: [b1.id],
    });
    await move(api, world, c.id, 'openVoting');

    const refused = await setUnit(world, inside.id, {
      developerHeld: false,
      nominatedVoterId: b.id,
      area: '1.00',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('1号楼电梯维修');
    expect(refused.body.error.details).toMatchObject({ consultationId: c.id });
    const listed = (await roll(world)).body;
    expect(listed.openOwnersVotes).toEqual([{ id: c.id, title: '1号楼电梯维修' }]);
    const held = (listed.units as RollUnit[]).find((u) => u.householdId === inside.id)!;
    expect(held).toMatchObject({ areaCenti: 10000, actions: [], lockedBy: { id: c.id } });
    expect(held.nominatedVoterId).toBeUndefined();
    // The count is untouched: either co-owner may still cast the unit's one ballot.
    expect((await vote(api, a, c.id, { choices: ['approve'] })).status).toBe(201);

    // A building outside that vote's audience is not held by it.
    expect((await setUnit(world, outside.id, { developerHeld: false, area: '90.00' })).status).toBe(200);

    await move(api, world, c.id, 'close');
    const later = await setUnit(world, inside.id, { developerHeld: false, nominatedVoterId: b.id });
    expect(later.status).toBe(200);
    expect(later.body.actions).toEqual(['setOwnership']);
  });
});
