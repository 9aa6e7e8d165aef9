/**
 * The authorization matrix, each rule tried by someone it should stop: residents vote only where
 * eligible and only in their community; a committee of another community sees nothing; operators
 * and admins do not run consultations; a carer votes only for an elder who confirmed them.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident, makeStaff } from '../identity/test-factories';
import { makeCarer } from '../meals/test-people';
import {
  createConsultation,
  makeUnit,
  makeWorld,
  move,
  placeResidents,
  vote,
  type Person,
  type World,
} from './test-factories';

let api: TestApi;
let home: World;
let other: World;
let id: string;
let ownersId: string;
let draftId: string;
let resident: Person;
let tenant: Person;
let inOtherBuilding: Person;
let elsewhere: Person;
beforeAll(async () => {
  api = await startTestApi();
  home = await makeWorld(api);
  other = await makeWorld(api);
  resident = (
    await placeResidents(api, await makeUnit(home, home.buildings[0], '101'), 'owner', 1, '居民')
  )[0];
  tenant = (
    await placeResidents(api, await makeUnit(home, home.buildings[0], '102'), 'tenant', 1, '租户')
  )[0];
  inOtherBuilding = (await placeResidents(api, await makeUnit(home, home.buildings[1], '101'), 'owner'))[0];
  elsewhere = (await placeResidents(api, await makeUnit(other, other.buildings[0], '101'), 'owner'))[0];
  // Only 1号楼 is asked.
  id = (await createConsultation(api, home, { buildingIds: [home.buildings[0].id], eligibility: 'resident' }))
    .id;
  await move(api, home, id, 'openVoting');
  ownersId = (
    await createConsultation(api, home, {
      eligibility: 'owner',
      matter: 'propertyManager',
      ballot: { kind: 'approval' },
    })
  ).id;
  await move(api, home, ownersId, 'openVoting');
  draftId = (await createConsultation(api, home)).id;
});
afterAll(() => api.stop());

const get = (p: { Authorization: string }, path: string) => request(api.url).get(`/api/v1${path}`).set(p);

describe('residents', () => {
  it('vote where they are on the roll', async () => {
    expect((await vote(api, resident, id, { choices: ['o1'] })).status).toBe(201);
  });

  it('outside the chosen buildings: the consultation does not exist for them', async () => {
    expect((await get(inOtherBuilding.auth, `/consultations/${id}`)).status).toBe(404);
    expect((await vote(api, inOtherBuilding, id, { choices: ['o1'] })).status).toBe(404);
  });

  it('of another community: see nothing and cannot vote', async () => {
    expect((await get(elsewhere.auth, `/consultations/${id}`)).status).toBe(404);
    expect((await vote(api, elsewhere, id, { choices: ['o1'] })).status).toBe(404);
    const list = await get(elsewhere.auth, `/consultations?communityId=${home.community.id}`);
    expect(list.body.items).toEqual([]);
  });

  it("a tenant is not an owner: refused in an owners' decision, with the reason", async () => {
    const res = await vote(api, tenant, ownersId, { choices: ['approve'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CONSULTATION_NOT_ELIGIBLE');
    expect(res.body.error.message).toContain('业主');
  });

  it('never see drafts, and cannot take committee actions', async () => {
    expect((await get(resident.auth, `/consultations/${draftId}`)).status).toBe(404);
    const list = await get(resident.auth, `/consultations?communityId=${home.community.id}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(draftId);
    for (const [method, path] of [
      ['post', `/consultations/${id}/transitions/close`],
      ['post', `/consultations/${id}/paper-ballots`],
      ['get', `/consultations/${id}/turnout`],
      ['get', `/consultations/${id}/non-voters`],
      ['get', `/consultations/${id}/audit.csv`],
      ['post', `/consultations/${id}/reminders`],
    ] as const) {
      const agent = request(api.url);
      const res = await agent[method](`/api/v1${path}`)
        .set(resident.auth)
        .send({ householdId: resident.id, choices: ['o1'] });
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
  });

  it('someone signed in with no home anywhere sees nothing', async () => {
    const stranger = await makeResident(api);
    expect((await get(api.bearer(stranger.accessToken), `/consultations/${id}`)).status).toBe(404);
  });
});

describe('committees', () => {
  it('of another community see nothing, and cannot act on it', async () => {
    for (const path of [
      `/consultations/${id}`,
      `/consultations/${id}/turnout`,
      `/consultations/${id}/non-voters`,
      `/consultations/${id}/audit.csv`,
      `/consultations/${id}/comments`,
      `/consultations/${draftId}`,
    ]) {
      expect([path, (await get(other.committee.auth, path)).status]).toEqual([path, 404]);
    }
    const close = await request(api.url)
      .post(`/api/v1/consultations/${id}/transitions/close`)
      .set(other.committee.auth);
    expect(close.status).toBe(404);
    const paper = await request(api.url)
      .post(`/api/v1/consultations/${id}/paper-ballots`)
      .set(other.committee.auth)
      .send({ householdId: resident.id, choices: ['o1'] });
    expect(paper.status).toBe(404);
    const created = await request(api.url)
      .post('/api/v1/consultations')
      .set(other.committee.auth)
      .send({
        communityId: home.community.id,
        title: 't',
        body: 'b',
        eligibility: 'household',
        ballot: { kind: 'approval' },
        votingClosesAt: new Date(api.clock.now().getTime() + 86_400_000).toISOString(),
      });
    expect(created.status).toBe(403);
    const list = await get(other.committee.auth, `/consultations?communityId=${home.community.id}`);
    expect(list.body.items).toEqual([]);
    const ownership = await request(api.url)
      .put(`/api/v1/consultations/communities/${home.community.id}/units/${resident.id}/ownership`)
      .set(other.committee.auth)
      .send({ developerHeld: true });
    expect(ownership.status).toBe(404);
  });

  it('operators and admins do not run consultations', async () => {
    const admin = await makeStaff(api, { grants: [{ role: 'admin' }] });
    expect((await get(api.bearer(admin.accessToken), `/consultations/${id}`)).status).toBe(404);
    const create = await request(api.url)
      .post('/api/v1/consultations')
      .set(api.bearer(admin.accessToken))
      .send({});
    expect(create.status).toBe(403);
  });
});

describe('carers', () => {
  it('vote only for an elder who confirmed them, not for one who merely was asked', async () => {
    const elderHome = await makeUnit(home, home.buildings[0], '301');
    const [elder] = await placeResidents(api, elderHome, 'owner', 1, '老人');
    const [other] = await placeResidents(
      api,
      await makeUnit(home, home.buildings[0], '302'),
      'owner',
      1,
      '别的老人',
    );
    const c = await createConsultation(api, home, { eligibility: 'resident' });
    await move(api, home, c.id, 'openVoting');
    const carer = await makeCarer(api, elder.id);
    // Asked by a stranger but never confirmed:
    const asker = await makeResident(api);
    await request(api.url)
      .post('/api/v1/carer-links')
      .set(api.bearer(asker.accessToken))
      .send({ elderUserId: other.id });
    const unconfirmed = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(api.bearer(asker.accessToken))
      .send({ choices: ['o1'], forUserId: other.id });
    expect(unconfirmed.status).toBe(404); // not in the audience, not caring for anyone on the roll
    // A confirmed carer trying an elder they do not care for:
    const notTheirs = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(api.bearer(carer.accessToken))
      .send({ choices: ['o1'], forUserId: other.id });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.error.code).toBe('CONSULTATION_NOT_ELIGIBLE');
    const theirs = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(api.bearer(carer.accessToken))
      .send({ choices: ['o1'], forUserId: elder.id });
    expect(theirs.status).toBe(201);
    // Voting for oneself as a carer who is not on the roll:
    const self = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(api.bearer(carer.accessToken))
      .send({ choices: ['o1'] });
    expect(self.status).toBe(403);
  });
});
