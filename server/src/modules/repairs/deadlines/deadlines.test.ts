/**
 * Deadlines on the platform scheduler: a ticket past its due time is flagged and escalated to the
 * committee once — with the clock stepped, across a server restart on the same DATA_DIR — a
 * resolved ticket closes itself after 7 days, and a closed public-area ticket asks after 4 weeks
 * whether it stayed fixed ("not fixed" reopens it).
 */
import fs from 'node:fs';
import { tempDir } from '../../../platform/testing';
import { startTestApi, type TestApi } from '../../../test-support/api';
import {
  as,
  eventually,
  inboxOf,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
} from '../test-factories';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('on one server', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  it('flags an overdue ticket and escalates it to the committee once, however often the sweep runs', async () => {
    const world = await makeRepairWorld(api);
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident); // urgent: 24 h
    await api.scheduler.runDue();
    api.clock.advance(23 * HOUR);
    await api.scheduler.runDue();
    expect((await (await as(api, resident)).get(`/repairs/tickets/${t.id}`)).body).toMatchObject({
      overdue: false,
      escalated: false,
    });

    api.clock.advance(2 * HOUR);
    expect(await api.scheduler.runDue()).toBeGreaterThanOrEqual(1);
    await api.scheduler.runDue();
    const seen = (await (await as(api, resident)).get(`/repairs/tickets/${t.id}`)).body;
    expect(seen).toMatchObject({ overdue: true, escalated: true, dueAt: t.dueAt });
    const queue = (
      await (
        await as(api, world.operator)
      ).get(`/repairs/queue?communityId=${world.community.id}&overdue=true`)
    ).body;
    expect(queue.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
    await eventually(async () => expect(await inboxOf(world.committee.id, 'repair.overdue')).toHaveLength(1));
    // Scheduling the deadline again (a reopen) does not escalate a second time.
    api.clock.advance(DAY);
    await api.scheduler.runDue();
    await new Promise((r) => setTimeout(r, 200));
    expect(await inboxOf(world.committee.id, 'repair.overdue')).toHaveLength(1);
  });

  it('does not escalate a ticket resolved in time', async () => {
    const world = await makeRepairWorld(api);
    const resident = await residentOf(api, world);
    const t = await reportHome(api, world, resident);
    for (const body of [
      { action: 'claim' },
      { action: 'depart' },
      { action: 'start' },
      { action: 'resolve' },
    ])
      expect((await move(api, world.techA, t.id, body)).status).toBe(200);
    api.clock.advance(2 * DAY);
    await api.scheduler.runDue();
    expect((await (await as(api, resident)).get(`/repairs/tickets/${t.id}`)).body).toMatchObject({
      escalated: false,
      overdue: false,
    });
  });

  it('closes a resolved ticket after 7 days without an answer, then asks after 4 weeks; "not fixed" reopens it', async () => {
    const world = await makeRepairWorld(api);
    const reporter = await residentOf(api, world);
    const t = await reportLift(api, world, reporter);
    for (const body of [
      { action: 'claim' },
      { action: 'depart' },
      { action: 'start' },
      { action: 'resolve' },
    ])
      expect((await move(api, world.techB, t.id, body)).status).toBe(200);
    api.clock.advance(6 * DAY);
    await api.scheduler.runDue();
    expect((await (await as(api, reporter)).get(`/repairs/tickets/${t.id}`)).body.status).toBe('resolved');
    api.clock.advance(1 * DAY + HOUR);
    await api.scheduler.runDue();
    const closed = (await (await as(api, reporter)).get(`/repairs/tickets/${t.id}`)).body;
    expect(closed.status).toBe('closed');
    expect(closed.history.at(-1)).toMatchObject({ action: 'autoClose', role: 'system', byName: null });
    expect(closed.actions).not.toContain('followUp');
    expect(
      (await (await as(api, reporter)).post(`/repairs/tickets/${t.id}/follow-up`, { answer: 'fixed' }))
        .status,
    ).toBe(409);

    api.clock.advance(28 * DAY);
    await api.scheduler.runDue();
    await eventually(async () =>
      expect(
        (await inboxOf(reporter.id, 'repair.ticketChanged')).some(
          (e) => e.payload.action === 'followUpAsked',
        ),
      ).toBe(true),
    );
    const asked = (await (await as(api, reporter)).get(`/repairs/tickets/${t.id}`)).body;
    expect(asked.actions).toEqual(['followUp']);
    const neighbour = await residentOf(api, world);
    expect(
      (await (await as(api, neighbour)).post(`/repairs/tickets/${t.id}/follow-up`, { answer: 'notFixed' }))
        .status,
    ).toBe(409);
    const answered = await (
      await as(api, reporter)
    ).post(`/repairs/tickets/${t.id}/follow-up`, { answer: 'notFixed' });
    expect(answered.body).toMatchObject({ status: 'reopened', followUp: 'notFixed' });
    expect(
      (await (await as(api, reporter)).post(`/repairs/tickets/${t.id}/follow-up`, { answer: 'fixed' }))
        .status,
    ).toBe(409);
  });
});

it('escalates once across a restart of the server on the same DATA_DIR', async () => {
  const dataDir = tempDir('linli-repairs-restart-');
  try {
    const first = await startTestApi({ DATA_DIR: dataDir });
    let ticketId: string;
    let committeeId: string;
    let residentId: string;
    try {
      const world = await makeRepairWorld(first);
      const resident = await residentOf(first, world);
      ticketId = (await reportHome(first, world, resident)).id;
      committeeId = world.committee.id;
      residentId = resident.id;
      expect(await first.scheduler.runDue()).toBe(0);
    } finally {
      await first.stop();
    }
    const second = await startTestApi({ DATA_DIR: dataDir });
    try {
      second.clock.advance(25 * HOUR);
      expect(await second.scheduler.runDue()).toBe(1);
      expect(await second.scheduler.runDue()).toBe(0);
      const seen = (await (await as(second, { id: residentId })).get(`/repairs/tickets/${ticketId}`)).body;
      expect(seen).toMatchObject({ overdue: true, escalated: true });
      await eventually(async () => expect(await inboxOf(committeeId, 'repair.overdue')).toHaveLength(1));
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
