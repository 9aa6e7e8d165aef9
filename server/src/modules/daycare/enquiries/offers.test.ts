/**
 * Offers expire after the centre's N days unless accepted (the scheduler, with the clock stepped):
 * expiry frees the place and offers it to the next waitlisted family exactly once, also when the
 * job runs twice, when a run stopped half-way, and across a restart of the server.
 */
import fs from 'node:fs';
import request from 'supertest';
import { Types } from 'mongoose';
import { tempDir } from '../../../platform/testing';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { ClassModel } from '../centres/model';
import { act, as, enquire, makeCentre, makeGuardian, type CentreWorld } from '../test-factories';
import { EnquiryModel } from './model';

const DAY = 24 * 3600_000;

/** A family waitlisted (replied, then put on the list), in the order this is called. */
async function waitlisted(api: TestApi, world: CentreWorld) {
  const parent = await makeGuardian(api, world);
  const { id } = await enquire(api, world, parent.id);
  for (const [action, body] of [
    ['reply', { text: '目前满额，可以候补' }],
    ['waitlist', {}],
  ] as const) {
    const res = await act(api, world.operator.id, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  api.clock.advance(60_000); // distinct enquiry dates: the queue is by date
  return { parent, id };
}

const statusOf = async (id: string) => (await EnquiryModel.findById(id).lean())!;
const offersOf = (e: { history: { action: string }[] }) =>
  e.history.filter((h) => h.action === 'offerNext').length;

/** A centre with one toddler place offered to A, and B then C waiting. */
async function scene(api: TestApi) {
  const world = await makeCentre(api, {
    classes: [{ name: '托小班', band: 'toddler', capacity: 1 }],
    settings: { offerExpiryDays: 7 },
  });
  const a = await waitlisted(api, world);
  const b = await waitlisted(api, world);
  const c = await waitlisted(api, world);
  const offered = await act(api, world.operator.id, a.id, 'offer');
  expect(offered.status).toBe(200);
  expect(offered.body.offerExpiresAt).toBe(new Date(api.clock.now().getTime() + 7 * DAY).toISOString());
  return { world, a, b, c };
}

describe('an offer left unanswered', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  it('expires after N days and the next family in the queue is offered the place, once', async () => {
    const { world, a, b, c } = await scene(api);
    api.clock.advance(7 * DAY - 60_000);
    await api.scheduler.runDue();
    expect((await statusOf(a.id)).status).toBe('offered'); // not yet
    api.clock.advance(2 * 60_000);
    await api.scheduler.runDue();
    const [ea, eb, ec] = await Promise.all([statusOf(a.id), statusOf(b.id), statusOf(c.id)]);
    expect(ea.status).toBe('withdrawn');
    expect(ea.history.at(-1)).toMatchObject({ action: 'expire', role: 'system', by: null });
    expect(eb.status).toBe('offered');
    expect(offersOf(eb)).toBe(1);
    expect(ec.status).toBe('waitlisted');
    expect((await ClassModel.findById(world.classes.toddler!.id).lean())!.taken).toBe(1);
    // The guardian sees it: B has an offer to answer, with its own expiry.
    const seen = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${b.id}`)
      .set(await as(api, b.parent.id));
    expect(seen.body.actions).toEqual(expect.arrayContaining(['accept', 'declineOffer']));
    // Running the scheduler again, and the expiry handler itself again, changes nothing.
    await api.scheduler.runDue();
    await api.scheduler.schedule({ kind: 'daycare.offerExpiry', key: a.id, dueAt: api.clock.now() });
    await api.scheduler.runDue();
    expect(offersOf(await statusOf(b.id))).toBe(1);
    expect((await statusOf(c.id)).status).toBe('waitlisted');
  });

  it('accepted in time, it never expires', async () => {
    const { a, b } = await scene(api);
    expect((await act(api, a.parent.id, a.id, 'accept')).status).toBe(200);
    api.clock.advance(8 * DAY);
    await api.scheduler.runDue();
    expect((await statusOf(a.id)).status).toBe('enrolled');
    expect((await statusOf(b.id)).status).toBe('waitlisted');
  });

  it('turned down, its place goes to the next family at once', async () => {
    const { a, b, c } = await scene(api);
    expect((await act(api, a.parent.id, a.id, 'decline-offer')).status).toBe(200);
    expect((await statusOf(b.id)).status).toBe('offered');
    expect((await statusOf(c.id)).status).toBe('waitlisted');
  });

  it('finishes a hand-over a stopped run left half-done, for the same family and no other', async () => {
    const { world, a, b, c } = await scene(api);
    // As if the process died after closing A and writing B down, before B's offer.
    await EnquiryModel.updateOne(
      { _id: a.id },
      {
        $set: { status: 'withdrawn', passOn: true, passedTo: new Types.ObjectId(b.id) },
        $push: {
          history: {
            action: 'expire',
            from: 'offered',
            to: 'withdrawn',
            by: null,
            role: 'system',
            at: api.clock.now(),
          },
        },
      },
    );
    api.clock.advance(7 * DAY + 60_000);
    await api.scheduler.runDue();
    expect((await statusOf(b.id)).status).toBe('offered');
    expect((await statusOf(c.id)).status).toBe('waitlisted');
    expect((await statusOf(a.id)).passOn).toBeUndefined();
    expect((await ClassModel.findById(world.classes.toddler!.id).lean())!.taken).toBe(1);
  });
});

it('expires across a restart of the server: the next family is offered once, by the new server', async () => {
  const dataDir = tempDir('linli-daycare-restart-');
  try {
    const before = await startTestApi({ DATA_DIR: dataDir });
    let ids: { a: string; b: string; c: string };
    let offeredAt: Date;
    try {
      const { a, b, c } = await scene(before);
      ids = { a: a.id, b: b.id, c: c.id };
      offeredAt = before.clock.now();
    } finally {
      await before.stop();
    }
    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      after.clock.set(new Date(offeredAt.getTime() + 7 * DAY + 60_000));
      await after.scheduler.runDue();
      await after.scheduler.runDue();
      const [ea, eb, ec] = await Promise.all([statusOf(ids.a), statusOf(ids.b), statusOf(ids.c)]);
      expect(ea.status).toBe('withdrawn');
      expect(eb.status).toBe('offered');
      expect(offersOf(eb)).toBe(1);
      expect(ec.status).toBe('waitlisted');
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
