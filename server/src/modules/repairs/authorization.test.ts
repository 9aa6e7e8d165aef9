/**
 * Who sees which repair ticket, tried from every side: the reporter, a neighbour, a resident of
 * another community, the team's operator, its technicians (assigned, free to claim, assigned to a
 * colleague), the committee, and the staff of another community's team. Each rule in policy.ts
 * has a row here that tries to break it. Photos are checked through the access check that repairs
 * registers for its uploads (what the upload route asks before serving a file).
 */
import request from 'supertest';
import sharp from 'sharp';
import type { Actor } from '../../platform/context';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeStaff, type Made } from '../identity/test-factories';
import { sightOf } from './policy';
import { RepairTicketModel } from './tickets/model';
import {
  as,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
  tokenFor,
  type RepairWorld,
} from './test-factories';

let api: TestApi;
let world: RepairWorld;
let other: RepairWorld;
let reporter: Made & { household: { id: string } };
let neighbour: Made;
let outsider: Made;
let home: { id: string };
let homeClaimable: { id: string };
let lift: { id: string };

beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeRepairWorld(api);
  other = await makeRepairWorld(api);
  reporter = await residentOf(api, world);
  neighbour = await residentOf(api, world);
  outsider = await residentOf(api, other);
  home = await reportHome(api, world, reporter);
  await move(api, world.operator, home.id, { action: 'assign', technicianId: world.techA.id });
  homeClaimable = await reportHome(api, world, reporter);
  lift = await reportLift(api, world, reporter);
});
afterAll(() => api.stop());

const status = async (who: { id: string }, path: string) => (await (await as(api, who)).get(path)).status;

describe('an in-home ticket', () => {
  it.each([
    ['the reporter', 200, () => reporter],
    ['the team operator', 200, () => world.operator],
    ['the assigned technician', 200, () => world.techA],
    ['a colleague technician (it is not theirs, nor open to claim)', 404, () => world.techB],
    ['a neighbour in the same community', 404, () => neighbour],
    ['a resident of another community', 404, () => outsider],
    ['the operator of another community', 404, () => other.operator],
    ['a technician of another community', 404, () => other.techA],
    ['the committee of another community', 404, () => other.committee],
  ])('is seen by %s: %i', async (_who, expected, who) => {
    expect(await status(who(), `/repairs/tickets/${home.id}`)).toBe(expected);
  });

  it('open to claim, is seen by every technician of the team, and by no other team', async () => {
    expect(await status(world.techB, `/repairs/tickets/${homeClaimable.id}`)).toBe(200);
    expect(await status(other.techB, `/repairs/tickets/${homeClaimable.id}`)).toBe(404);
  });

  it("its photos are shown only to the reporter, the team's operators and its technician", async () => {
    const t = (await RepairTicketModel.findById(home.id).lean())!;
    const actorOf = async (who: Made): Promise<Actor> => {
      const me = (await (await as(api, who)).get('/me')).body;
      return { userId: who.id, grants: me.grants ?? [], homes: me.homes ?? [], tags: [] };
    };
    const allowed = async (who: Made) => sightOf(await actorOf(who), t).photos;
    expect(await allowed(reporter)).toBe(true);
    expect(await allowed(world.operator)).toBe(true);
    expect(await allowed(world.techA)).toBe(true);
    for (const who of [world.techB, world.committee, neighbour, outsider, other.operator, other.techA])
      expect(await allowed(who)).toBe(false);
    const claimable = (await RepairTicketModel.findById(homeClaimable.id).lean())!;
    expect(sightOf(await actorOf(world.techB), claimable).photos).toBe(false);
  });

  it("never appears in a neighbour's public list", async () => {
    const page = (
      await (await as(api, neighbour)).get(`/repairs/communities/${world.community.id}/public-tickets`)
    ).body;
    const ids = page.items.map((t: { id: string }) => t.id);
    expect(ids).toContain(lift.id);
    expect(ids).not.toContain(home.id);
  });
});

describe('a public-area ticket', () => {
  it('is seen by residents of its community, without the reporter; not by other communities', async () => {
    const seen = (await (await as(api, neighbour)).get(`/repairs/tickets/${lift.id}`)).body;
    expect(seen.reporterName).toBeNull();
    expect(await status(outsider, `/repairs/tickets/${lift.id}`)).toBe(404);
    expect(await status(outsider, `/repairs/communities/${world.community.id}/public-tickets`)).toBe(404);
    expect(await status(other.operator, `/repairs/tickets/${lift.id}`)).toBe(404);
  });
});

describe('lists', () => {
  it("a technician's jobs hold what is assigned to them and what is open to claim in their team only", async () => {
    const jobsA = (await (await as(api, world.techA)).get('/repairs/jobs')).body.items.map(
      (t: { id: string }) => t.id,
    );
    expect(jobsA).toEqual(expect.arrayContaining([home.id, homeClaimable.id, lift.id]));
    const jobsB = (await (await as(api, world.techB)).get('/repairs/jobs')).body.items.map(
      (t: { id: string }) => t.id,
    );
    expect(jobsB).not.toContain(home.id);
    expect(jobsB).toContain(homeClaimable.id);
    const otherJobs = (await (await as(api, other.techA)).get('/repairs/jobs')).body.items.map(
      (t: { id: string }) => t.id,
    );
    expect(otherJobs).not.toEqual(expect.arrayContaining([home.id]));
    expect(otherJobs).not.toContain(homeClaimable.id);
  });

  it("the queue holds only the operator's own team in that community; another community's operator gets nothing", async () => {
    const mine = (
      await (await as(api, world.operator)).get(`/repairs/queue?communityId=${world.community.id}`)
    ).body;
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([home.id, homeClaimable.id, lift.id]),
    );
    const theirs = (
      await (await as(api, other.operator)).get(`/repairs/queue?communityId=${world.community.id}`)
    ).body;
    expect(theirs.total).toBe(0);
    const resident = await (await as(api, reporter)).get(`/repairs/queue?communityId=${world.community.id}`);
    expect(resident.status).toBe(403);
  });

  it("another community's staff cannot move a ticket they cannot see", async () => {
    expect((await move(api, other.operator, homeClaimable.id, { action: 'accept' })).status).toBe(404);
    expect((await move(api, other.techA, homeClaimable.id, { action: 'claim' })).status).toBe(404);
    expect((await move(api, neighbour, homeClaimable.id, { action: 'cancel' })).status).toBe(404);
  });
});

describe('categories', () => {
  it('are managed by the committee or an operator of the team; not by another team, a technician or a resident', async () => {
    const body = {
      code: `x${Date.now() % 100000}`,
      name: '路灯',
      group: '公共设施',
      area: 'public',
      urgencies: [{ level: 'normal', hours: 48 }],
      providerId: world.team.id,
    };
    const post = async (who: Made, b: object) =>
      (await as(api, who)).post(`/repairs/communities/${world.community.id}/categories`, b);
    expect((await post(world.operator, body)).status).toBe(201);
    expect((await post(world.operator, body)).status).toBe(409);
    expect((await post(other.operator, { ...body, code: 'y1', providerId: other.team.id })).status).toBe(403);
    expect((await post(world.techA, { ...body, code: 'y2' })).status).toBe(403);
    expect((await post(reporter, { ...body, code: 'y3' })).status).toBe(403);
    // A team that does not serve this community cannot be given the category.
    expect((await post(world.committee, { ...body, code: 'y4', providerId: other.team.id })).status).toBe(
      400,
    );
    const canteenOperator = await makeStaff(api, {
      grants: [{ role: 'committee', communityId: other.community.id }],
    });
    expect((await post(canteenOperator, { ...body, code: 'y5' })).status).toBe(403);
  });

  it('are read by residents of the community with the actions they have (none); not by outsiders', async () => {
    const list = (
      await (await as(api, neighbour)).get(`/repairs/communities/${world.community.id}/categories`)
    ).body;
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    expect(list.items.every((c: { actions: string[] }) => c.actions.length === 0)).toBe(true);
    const staff = (
      await (await as(api, world.committee)).get(`/repairs/communities/${world.community.id}/categories`)
    ).body;
    expect(staff.items.every((c: { actions: string[] }) => c.actions.includes('edit'))).toBe(true);
    expect(await status(outsider, `/repairs/communities/${world.community.id}/categories`)).toBe(404);
  });
});

describe('photos over HTTP, through the uploads access check repairs registers', () => {
  const jpeg = () =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 120, b: 200 } } })
      .jpeg()
      .toBuffer();
  const upload = async (who: Made) => {
    const res = await request(api.url)
      .post('/api/v1/uploads')
      .set(api.bearer(await tokenFor(api, who.id)))
      .attach('file', await jpeg(), 'leak.jpg');
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const fetchAs = async (who: Made, id: string) =>
    (
      await request(api.url)
        .get(`/api/v1/uploads/${id}`)
        .set(api.bearer(await tokenFor(api, who.id)))
    ).status;

  it("an in-home ticket's photos reach the reporter, the team operator and the assigned technician only", async () => {
    const photo = await upload(reporter);
    const t = await reportHome(api, world, reporter, { photos: [photo] });
    expect(t.photos).toHaveLength(1);
    await move(api, world.operator, t.id, { action: 'assign', technicianId: world.techA.id });
    for (const who of [reporter, world.operator, world.techA]) expect(await fetchAs(who, photo)).toBe(200);
    for (const who of [world.techB, world.committee, neighbour, outsider, other.operator, other.techA])
      expect(await fetchAs(who, photo)).toBe(404);
    const neighbourView = await (await as(api, world.committee)).get(`/repairs/tickets/${t.id}`);
    expect(neighbourView.body.photos).toEqual([]);
  });

  it("a public-area ticket's photos reach the community's residents, not other communities", async () => {
    const photo = await upload(reporter);
    const t = await reportLift(api, world, reporter, { photos: [photo] });
    expect(await fetchAs(neighbour, photo)).toBe(200);
    expect(await fetchAs(outsider, photo)).toBe(404);
    expect((await (await as(api, neighbour)).get(`/repairs/tickets/${t.id}`)).body.photos).toHaveLength(1);
  });

  it("refuses someone else's upload as a photo, and keeps no ticket", async () => {
    const theirs = await upload(neighbour);
    const before = (await (await as(api, reporter)).get('/repairs/tickets/mine')).body.total;
    const res = await (
      await as(api, reporter)
    ).post('/repairs/tickets', {
      categoryId: world.lift.id,
      buildingId: world.building.id,
      description: '坏了',
      urgency: 'normal',
      fields: { floor: 1 },
      photos: [theirs],
    });
    expect(res.status).toBe(400);
    expect((await (await as(api, reporter)).get('/repairs/tickets/mine')).body.total).toBe(before);
  });
});
