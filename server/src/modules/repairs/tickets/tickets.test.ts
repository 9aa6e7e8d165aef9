/**
 * The repair workflow over HTTP on the real app and store: reporting against the category's own
 * fields, every move of the workflow (the quote step included), forbidden moves answering 409 with
 * the allowed next states, claiming by two technicians at once, and filing for a resident.
 */
import { TICKET_STATUSES } from '@linli/shared';
import sharp from 'sharp';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { makeStaff } from '../../identity/test-factories';
import { AuditEntryModel } from '../../audit/model';
import {
  as,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
  tokenFor,
  type RepairWorld,
} from '../test-factories';
import { ticketFlow } from './flow';

let api: TestApi;
let world: RepairWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeRepairWorld(api);
});
afterAll(() => api.stop());

describe('the workflow as data', () => {
  it('names every state and reaches every state but the first from somewhere', () => {
    const reached = new Set(ticketFlow.table.map((t) => t.to));
    for (const s of TICKET_STATUSES.filter((s) => s !== 'submitted')) expect(reached).toContain(s);
    for (const t of ticketFlow.table) for (const f of t.from) expect(TICKET_STATUSES).toContain(f);
  });
});

describe('reporting', () => {
  it("checks the category's own fields: required, type, choices, unknown keys — and keeps nothing", async () => {
    const resident = await residentOf(api, world);
    const as_ = await as(api, resident);
    const base = {
      categoryId: world.plumbing.id,
      householdId: resident.household.id,
      description: '漏水',
      urgency: 'urgent',
    };
    const missing = await as_.post('/repairs/tickets', { ...base, fields: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'fields.room' })]),
    );
    const wrongChoice = await as_.post('/repairs/tickets', { ...base, fields: { room: '客厅' } });
    expect(wrongChoice.status).toBe(400);
    expect(JSON.stringify(wrongChoice.body.error.details.fields)).toContain('厨房');
    const unknown = await as_.post('/repairs/tickets', { ...base, fields: { room: '厨房', colour: 'red' } });
    expect(unknown.status).toBe(400);
    const liftWrongType = await as_.post('/repairs/tickets', {
      categoryId: world.lift.id,
      buildingId: world.building.id,
      description: '坏了',
      urgency: 'normal',
      fields: { floor: 'five' },
    });
    expect(liftWrongType.status).toBe(400);
    expect(liftWrongType.body.error.details.fields[0].path).toBe('fields.floor');
    const badUrgency = await as_.post('/repairs/tickets', {
      ...base,
      urgency: 'emergency',
      fields: { room: '厨房' },
    });
    expect(badUrgency.status).toBe(400);
    expect((await as_.get('/repairs/tickets/mine')).body.total).toBe(0);
  });

  it("refuses an in-home report for a household that is not the reporter's", async () => {
    const a = await residentOf(api, world);
    const b = await residentOf(api, world);
    const res = await (
      await as(api, a)
    ).post('/repairs/tickets', {
      categoryId: world.plumbing.id,
      householdId: b.household.id,
      description: '漏水',
      urgency: 'urgent',
      fields: { room: '厨房' },
    });
    expect(res.status).toBe(400);
  });

  it('sets the due time from the urgency and shows it with the actions the reporter may take', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    expect(t.status).toBe('submitted');
    expect(new Date(t.dueAt).getTime() - new Date(t.createdAt).getTime()).toBe(24 * 3_600_000);
    expect(t.actions).toEqual(['cancel']);
    expect(t.reporterName).toBeTruthy();
    const opView = (await (await as(api, world.operator)).get(`/repairs/tickets/${t.id}`)).body;
    expect(opView.actions).toEqual(expect.arrayContaining(['accept', 'reject', 'assign']));
  });
});

describe('moves', () => {
  it('goes submitted → accepted → assigned → on the way → quoted → approved → in progress → resolved → closed, recording each', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    const steps: [typeof world.operator, object, string][] = [
      [world.operator, { action: 'accept' }, 'accepted'],
      [world.operator, { action: 'assign', technicianId: world.techA.id, note: '请尽快' }, 'assigned'],
      [world.techA, { action: 'depart' }, 'onTheWay'],
      [world.techA, { action: 'quote', amountFen: 8500, note: '需更换阀门' }, 'quoted'],
      [resident, { action: 'approveQuote' }, 'quoteApproved'],
      [world.techA, { action: 'start' }, 'inProgress'],
      [world.techA, { action: 'resolve', note: '已更换' }, 'resolved'],
      [resident, { action: 'confirm', rating: 5, note: '师傅很专业' }, 'closed'],
    ];
    let last;
    for (const [who, body, status] of steps) {
      const res = await move(api, who, t.id, body);
      expect([res.status, res.body.status]).toEqual([200, status]);
      last = res.body;
    }
    expect(last.quote).toEqual({ amountFen: 8500, approved: true });
    expect(last.rating).toBe(5);
    expect(last.comment).toBe('师傅很专业');
    expect(last.history.map((h: { to: string }) => h.to)).toEqual(['submitted', ...steps.map((s) => s[2])]);
    expect(last.history[2]).toMatchObject({
      action: 'assign',
      note: '请尽快',
      role: 'operator',
      byName: expect.any(String),
    });
    expect(last.assignee.id).toBe(world.techA.id);
  });

  it('answers a forbidden move with 409 naming the allowed next states and actions', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    const res = await move(api, world.techA, t.id, { action: 'resolve' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.allowedNextStates.sort()).toEqual(
      ticketFlow.nextStates('submitted').sort(),
    );
    expect(res.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    // What this technician may do instead.
    expect(res.body.error.details.allowedActions).toEqual(['claim']);
    const confirmEarly = await move(api, resident, t.id, { action: 'confirm', rating: 5 });
    expect(confirmEarly.status).toBe(409);
  });

  it('refuses a move the state allows but the caller may not take (403), and the reporter cannot assign', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    expect((await move(api, resident, t.id, { action: 'accept' })).status).toBe(403);
    expect(
      (await move(api, world.techA, t.id, { action: 'assign', technicianId: world.techA.id })).status,
    ).toBe(403);
  });

  it('lets the reporter cancel before assignment, not after', async () => {
    const resident = await residentOf(api, world);
    const early = await reportHome(api, world, resident);
    expect((await move(api, resident, early.id, { action: 'cancel' })).body.status).toBe('cancelled');
    const late = await reportHome(api, world, resident);
    await move(api, world.operator, late.id, { action: 'assign', technicianId: world.techB.id });
    const refused = await move(api, resident, late.id, { action: 'cancel' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.allowedNextStates).not.toContain('cancelled');
  });

  it('needs a reason to reject, reopen or decline a quote; declining cancels', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    const noReason = await move(api, world.operator, t.id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].path).toBe('note');
    expect(
      (await move(api, world.operator, t.id, { action: 'reject', note: '属于业主自行维修范围' })).body.status,
    ).toBe('rejected');

    const q = await reportHome(api, world, resident);
    await move(api, world.techB, q.id, { action: 'claim' });
    await move(api, world.techB, q.id, { action: 'quote', amountFen: 12000 });
    expect((await move(api, resident, q.id, { action: 'declineQuote' })).status).toBe(400);
    const declined = await move(api, resident, q.id, { action: 'declineQuote', note: '太贵了' });
    expect(declined.body).toMatchObject({
      status: 'cancelled',
      quote: { amountFen: 12000, approved: false },
    });
  });

  it('reopens from resolved with a reason, back in the queue for anyone of the team', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    for (const [who, body] of [
      [world.techA, { action: 'claim' }],
      [world.techA, { action: 'depart' }],
      [world.techA, { action: 'start' }],
      [world.techA, { action: 'resolve' }],
    ] as const)
      expect((await move(api, who, t.id, body)).status).toBe(200);
    const reopened = await move(api, resident, t.id, { action: 'reopen', note: '还在漏' });
    expect(reopened.body).toMatchObject({ status: 'reopened', assignee: null });
    expect((await move(api, world.techB, t.id, { action: 'claim' })).body.status).toBe('assigned');
  });

  it('assigns only to a technician of this team in this community', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    const other = await makeRepairWorld(api);
    const res = await move(api, world.operator, t.id, { action: 'assign', technicianId: other.techA.id });
    expect(res.status).toBe(400);
    expect(
      (await move(api, world.operator, t.id, { action: 'assign', technicianId: resident.id })).status,
    ).toBe(400);
  });

  it('two technicians claiming at once: exactly one wins, the other is told it is taken', async () => {
    const resident = await residentOf(api, world);
    for (let round = 0; round < 3; round++) {
      const t = await reportHome(api, world, resident);
      const [a, b] = await Promise.all([
        move(api, world.techA, t.id, { action: 'claim' }),
        move(api, world.techB, t.id, { action: 'claim' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? world.techA : world.techB;
      const after = (await (await as(api, world.operator)).get(`/repairs/tickets/${t.id}`)).body;
      expect(after.assignee.id).toBe(winner.id);
      expect(after.history.filter((h: { action: string }) => h.action === 'claim')).toHaveLength(1);
    }
  });
});

describe('staff filing for a resident', () => {
  it('records it as filed by staff, in the audit log, for the resident to see in their own list', async () => {
    const elder = await residentOf(api, world);
    const res = await (
      await as(api, world.operator)
    ).post('/repairs/tickets', {
      categoryId: world.plumbing.id,
      householdId: elder.household.id,
      description: '老人电话报修：卫生间漏水',
      urgency: 'urgent',
      fields: { room: '卫生间' },
      onBehalfOf: elder.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.filedByStaff).toBe(true);
    const mine = (await (await as(api, elder)).get('/repairs/tickets/mine')).body;
    expect(mine.items.map((t: { id: string }) => t.id)).toContain(res.body.id);
    expect(mine.items[0].actions).toContain('cancel');
    const audit = await AuditEntryModel.find({
      action: 'repairs.reportOnBehalf',
      'target.id': res.body.id,
    }).lean();
    expect(audit).toHaveLength(1);
    expect(String(audit[0]!.subjectUserId)).toBe(elder.id);
  });

  it('refuses staff of another team, and a "resident" who does not live in the community', async () => {
    const elder = await residentOf(api, world);
    const other = await makeRepairWorld(api);
    const body = {
      categoryId: world.plumbing.id,
      householdId: elder.household.id,
      description: 'x',
      urgency: 'urgent',
      fields: { room: '厨房' },
      onBehalfOf: elder.id,
    };
    expect((await (await as(api, other.operator)).post('/repairs/tickets', body)).status).toBe(404);
    const outsider = await makeStaff(api, { grants: [] });
    expect(
      (await (await as(api, world.operator)).post('/repairs/tickets', { ...body, onBehalfOf: outsider.id }))
        .status,
    ).toBe(404);
  });
});

describe('public-area reports', () => {
  it('a lift report by building and asset code is public, with the reporter hidden from neighbours', async () => {
    const reporter = await residentOf(api, world);
    const neighbour = await residentOf(api, world);
    const t = await reportLift(api, world, reporter);
    const seen = (await (await as(api, neighbour)).get(`/repairs/tickets/${t.id}`)).body;
    expect(seen).toMatchObject({ reporterName: null, buildingName: '3号楼', assetCode: 'DT-3-1' });
    expect(seen.actions).toEqual(['meToo']);
    expect(seen.history.every((h: { byName: string | null }) => h.byName === null)).toBe(true);
    const staffView = (await (await as(api, world.operator)).get(`/repairs/tickets/${t.id}`)).body;
    expect(staffView.reporterName).toBeTruthy();
  });
});

describe('photos on moves', () => {
  it('keeps before/after photos on the timeline entry of the move that took them', async () => {
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    const photo = async () => {
      const image = await sharp({
        create: { width: 20, height: 20, channels: 3, background: { r: 10, g: 200, b: 10 } },
      })
        .jpeg()
        .toBuffer();
      const res = await request(api.url)
        .post('/api/v1/uploads')
        .set(api.bearer(await tokenFor(api, world.techA.id)))
        .attach('file', image, 'after.jpg');
      return res.body.id as string;
    };
    await move(api, world.techA, t.id, { action: 'claim' });
    await move(api, world.techA, t.id, { action: 'depart' });
    await move(api, world.techA, t.id, { action: 'start', photos: [await photo()] });
    const after = await photo();
    const resolved = await move(api, world.techA, t.id, {
      action: 'resolve',
      note: '修好了',
      photos: [after],
    });
    expect(resolved.status).toBe(200);
    const entries = resolved.body.history.filter((h: { photos: unknown[] }) => h.photos.length > 0);
    expect(entries.map((h: { action: string }) => h.action)).toEqual(['start', 'resolve']);
    expect(entries[1].photos[0]).toMatchObject({
      id: after,
      url: expect.any(String),
      thumbUrl: expect.any(String),
    });
    const seenByReporter = (await (await as(api, resident)).get(`/repairs/tickets/${t.id}`)).body;
    expect(seenByReporter.history.at(-1).photos).toHaveLength(1);
  });
});

describe('the technicians an operator dispatches to', () => {
  it("lists the team's technicians in the community, and nobody else's, to its operator only", async () => {
    // A technician of the same team in another community, and one of another team here: neither listed.
    const elsewhere = await makeRepairWorld(api);
    const otherTeamHere = await makeStaff(api, {
      grants: [{ role: 'technician', communityId: world.community.id, providerId: elsewhere.team.id }],
    });
    const path = `/repairs/communities/${world.community.id}/technicians?providerId=${world.team.id}`;
    const listed = await (await as(api, world.operator)).get(path);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [world.techA.id, world.techB.id].sort(),
    );
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(otherTeamHere.id);
    expect(listed.body.items[0]).toEqual({ id: expect.any(String), name: expect.any(String) });

    // Another team's operator, a technician and the committee are refused.
    for (const who of [elsewhere.operator, world.techA]) {
      const refused = await (await as(api, who)).get(path);
      expect(refused.status).toBe(403);
    }
    expect((await (await as(api, world.committee)).get(path)).status).toBe(403);
  });
});
