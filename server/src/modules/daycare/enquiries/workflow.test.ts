/**
 * The enquiry workflow over HTTP: every transition a person can take, each forbidden one answered
 * 409 naming the allowed next states, and the rules around it (consent, the child's data, the
 * start window, a carer preparing for the parent, visits never overbooked).
 */
import request from 'supertest';
import type { EnquiryStatus } from '@linli/shared';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { makeResident } from '../../identity/test-factories';
import { makeCarer } from '../../meals/test-people';
import {
  act,
  as,
  CONSENT,
  enquire,
  makeCentre,
  makeGuardian,
  makeSlot,
  type CentreWorld,
} from '../test-factories';
import { enquiryFlow } from './flow';
import { EnquiryModel } from './model';

let api: TestApi;
let world: CentreWorld;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  // Room for every test's offers: the child is always put in the toddler class with most places.
  world = await makeCentre(api, {
    classes: Array.from({ length: 6 }, (_, i) => ({
      name: `托小${i + 1}班`,
      band: 'toddler' as const,
      capacity: 15,
    })),
  });
});
afterAll(() => api.stop());

const DAY = 24 * 3600_000;
const soon = () => new Date(api.clock.now().getTime() + DAY);
const dateOf = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** An enquiry brought to `state` by the people who would, with its parent (and preparer). */
async function reach(state: EnquiryStatus) {
  const parent = await makeGuardian(api, world);
  if (state === 'prepared') {
    const grandma = await makeCarer(api, parent.id);
    const e = await enquire(api, world, grandma.id, { forGuardianId: parent.id });
    return { parent, preparer: grandma, id: e.id };
  }
  const { id } = await enquire(api, world, parent.id);
  const path: [EnquiryStatus, string, 'parent' | 'centre', object][] = [
    ['replied', 'reply', 'centre', { text: '您好，欢迎参观' }],
    ['visitBooked', 'visit', 'parent', {}],
    ['visited', 'visited', 'centre', {}],
    ['offered', 'offer', 'centre', {}],
    ['enrolled', 'accept', 'parent', {}],
  ];
  const detour: Partial<Record<EnquiryStatus, [string, 'parent' | 'centre', object][]>> = {
    waitlisted: [
      ['reply', 'centre', { text: '目前满额' }],
      ['waitlist', 'centre', {}],
    ],
    declined: [['decline', 'centre', { reason: '该时段暂不招收' }]],
    withdrawn: [['withdraw', 'parent', {}]],
  };
  const steps: [string, 'parent' | 'centre', object][] =
    detour[state] ?? path.slice(0, path.findIndex(([s]) => s === state) + 1).map(([, a, w, b]) => [a, w, b]);
  for (const [action, who, body] of steps) {
    let send = body;
    if (action === 'visit')
      send = { slotId: (await makeSlot(api, world, { date: dateOf(soon()), time: '10:00' })).id };
    if (action === 'visited') api.clock.advance(2 * DAY);
    const res = await act(api, who === 'parent' ? parent.id : world.operator.id, id, action, send);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { parent, preparer: undefined, id };
}

const PATH_OF: Record<string, string> = {
  confirm: 'confirm',
  reply: 'reply',
  bookVisit: 'visit',
  cancelVisit: 'cancel-visit',
  markVisited: 'visited',
  offer: 'offer',
  waitlist: 'waitlist',
  accept: 'accept',
  declineOffer: 'decline-offer',
  decline: 'decline',
  withdraw: 'withdraw',
};
const bodyFor = async (action: string) =>
  action === 'confirm'
    ? { consent: CONSENT }
    : action === 'reply'
      ? { text: '好的' }
      : action === 'decline'
        ? { reason: '名额已满' }
        : action === 'bookVisit'
          ? { slotId: (await makeSlot(api, world, { date: dateOf(soon()), time: '15:00' })).id }
          : {};

const SYSTEM = new Set(['expire', 'offerNext', 'enrolledElsewhere']);
const people = enquiryFlow.table.filter((t) => !SYSTEM.has(t.action));

describe('every transition a person takes', () => {
  const cases = people.flatMap((t) => t.from.map((from) => [t.action, from, t.to, t.by[0]!] as const));
  it.each(cases)('%s from %s → %s (by %s)', async (action, from, to, by) => {
    const made = await reach(from);
    const who = by === 'centre' ? world.operator.id : by === 'preparer' ? made.preparer!.id : made.parent.id;
    if (action === 'markVisited') api.clock.advance(2 * DAY);
    const before = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${made.id}`)
      .set(await as(api, who));
    expect(before.body.actions).toContain(action);
    const res = await act(api, who, made.id, PATH_OF[action]!, await bodyFor(action));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(to);
    expect(res.body.history.at(-1)).toMatchObject({ action, from, to });
  });
});

describe('every forbidden transition', () => {
  const states = enquiryFlow.states.filter((s) => s !== 'prepared');
  const cases = states.flatMap((state) =>
    [...new Set(people.map((t) => t.action))]
      .filter((a) => a !== 'confirm' && !people.some((t) => t.action === a && t.from.includes(state)))
      .map((action) => [state, action] as const),
  );
  it.each(cases)('from %s, %s is refused 409 naming the allowed next states', async (state, action) => {
    const made = await reach(state);
    const t = people.find((x) => x.action === action)!;
    const who = t.by.includes('centre') ? world.operator.id : made.parent.id;
    const res = await act(api, who, made.id, PATH_OF[action]!, await bodyFor(action));
    expect(res.status).toBe(409);
    expect([...res.body.error.details.allowedNextStates].sort()).toEqual(
      enquiryFlow.nextStates(state).sort(),
    );
    const after = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${made.id}`)
      .set(await as(api, made.parent.id));
    expect(after.body.status).toBe(state);
  });

  it("a guardian cannot take the centre's move (mark visited) even when the state allows it: 403", async () => {
    const made = await reach('visitBooked');
    api.clock.advance(2 * DAY);
    const res = await act(api, made.parent.id, made.id, 'visited');
    expect(res.status).toBe(403);
  });

  it('a visit cannot be marked before it happens', async () => {
    const made = await reach('visitBooked');
    const res = await act(api, world.operator.id, made.id, 'visited');
    expect(res.status).toBe(409);
  });
});

describe('making an enquiry', () => {
  const base = () => ({
    child: { nickname: '乐乐', birthMonth: '2030-05' },
    desiredStart: '2031-09-01',
    schedule: 'fullDay',
    centreIds: [world.centre.id],
    consent: CONSENT,
  });
  const send = async (userId: string, body: object) =>
    request(api.url)
      .post('/api/v1/daycare/enquiries')
      .set(await as(api, userId))
      .send(body);

  it('is refused without consent to the current wording, and nothing is stored', async () => {
    const parent = await makeGuardian(api, world);
    const none = await send(parent.id, { ...base(), consent: undefined });
    expect(none.status).toBe(400);
    const old = await send(parent.id, { ...base(), consent: { version: '2020-01', agreed: true } });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('DAYCARE_CONSENT_REQUIRED');
    expect(await EnquiryModel.countDocuments({ guardianId: parent.id })).toBe(0);
  });

  it('records the consent with its time and wording', async () => {
    const parent = await makeGuardian(api, world);
    const { id } = await enquire(api, world, parent.id);
    const doc = await EnquiryModel.findById(id).lean();
    expect(doc!.consents).toEqual([
      expect.objectContaining({
        version: CONSENT.version,
        at: api.clock.now(),
        wording: expect.stringContaining('敏感个人信息'),
      }),
    ]);
  });

  it.each([
    ['王小明', 'a full name'],
    ['Tom Smith', 'an English full name'],
    ['110101202001011234', 'an ID number'],
    ['豆豆 13800138000', 'a phone number'],
  ])('refuses %s as a nickname (%s), naming the field', async (nickname) => {
    const parent = await makeGuardian(api, world);
    const res = await send(parent.id, { ...base(), child: { nickname, birthMonth: '2030-05' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('child.nickname');
  });

  it.each(['豆豆', '小王', '王王', '乐乐'])('accepts %s as a nickname', async (nickname) => {
    const parent = await makeGuardian(api, world);
    expect((await send(parent.id, { ...base(), child: { nickname, birthMonth: '2030-05' } })).status).toBe(
      201,
    );
  });

  it('refuses a start sooner than 14 days or later than a year, naming desiredStart', async () => {
    const parent = await makeGuardian(api, world);
    const today = dateOf(api.clock.now());
    const at = (days: number) =>
      dateOf(new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY - 8 * 3600_000));
    for (const desiredStart of [at(13), at(366)]) {
      const res = await send(parent.id, {
        ...base(),
        desiredStart,
        child: { nickname: '乐乐', birthMonth: '2030-01' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].path).toBe('desiredStart');
    }
    expect(
      (
        await send(parent.id, {
          ...base(),
          desiredStart: at(14),
          child: { nickname: '乐乐', birthMonth: '2030-01' },
        })
      ).status,
    ).toBe(201);
  });

  it('makes one enquiry per centre, in order of preference, at most 3', async () => {
    const second = await makeCentre(api, { community: world.community });
    const third = await makeCentre(api, { community: world.community });
    const fourth = await makeCentre(api, { community: world.community });
    const parent = await makeGuardian(api, world);
    const four = await send(parent.id, {
      ...base(),
      centreIds: [world.centre.id, second.centre.id, third.centre.id, fourth.centre.id],
    });
    expect(four.status).toBe(400);
    const three = await send(parent.id, {
      ...base(),
      centreIds: [third.centre.id, world.centre.id, second.centre.id],
    });
    expect(three.status).toBe(201);
    expect(
      three.body.items.map((e: { providerId: string; preference: number }) => [e.providerId, e.preference]),
    ).toEqual([
      [third.centre.id, 1],
      [world.centre.id, 2],
      [second.centre.id, 3],
    ]);
  });

  it("is prepared by the parent's confirmed carer and reaches the centre only when the parent confirms", async () => {
    const parent = await makeGuardian(api, world);
    const grandma = await makeCarer(api, parent.id);
    const prepared = await enquire(api, world, grandma.id, { forGuardianId: parent.id });
    expect(prepared.status).toBe('prepared');
    const inbox = async () =>
      (
        await request(api.url)
          .get(`/api/v1/daycare/centres/${world.centre.id}/enquiries?pageSize=100`)
          .set(await as(api, world.operator.id))
      ).body.items.map((e: { id: string }) => e.id);
    expect(await inbox()).not.toContain(prepared.id);
    const centreView = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${prepared.id}`)
      .set(await as(api, world.operator.id));
    expect(centreView.status).toBe(404);
    const parentView = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${prepared.id}`)
      .set(await as(api, parent.id));
    expect(parentView.body.actions).toEqual(expect.arrayContaining(['confirm', 'withdraw']));
    const grandmaView = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${prepared.id}`)
      .set(await as(api, grandma.id));
    expect(grandmaView.body.actions).toEqual(['withdraw']);
    expect((await act(api, grandma.id, prepared.id, 'confirm', { consent: CONSENT })).status).toBe(403);
    const confirmed = await act(api, parent.id, prepared.id, 'confirm', { consent: CONSENT });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('new');
    expect(await inbox()).toContain(prepared.id);
    const doc = await EnquiryModel.findById(prepared.id).lean();
    expect(doc!.consents.map((c) => String(c.userId))).toEqual([grandma.id, parent.id]);
  });

  it('is refused for someone the preparer is not a confirmed carer of', async () => {
    const parent = await makeGuardian(api, world);
    const stranger = await makeResident(api);
    const res = await send(stranger.id, { ...base(), forGuardianId: parent.id });
    expect(res.status).toBe(400);
    expect(await EnquiryModel.countDocuments({ guardianId: parent.id })).toBe(0);
  });

  it('is refused as a whole when one chosen centre has no class for the child', async () => {
    const onlyOlder = await makeCentre(api, {
      community: world.community,
      classes: [{ name: '托大班', band: 'olderToddler', capacity: 20 }],
    });
    const parent = await makeGuardian(api, world);
    const res = await send(parent.id, { ...base(), centreIds: [world.centre.id, onlyOlder.centre.id] });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain(onlyOlder.centre.name);
    expect(await EnquiryModel.countDocuments({ guardianId: parent.id })).toBe(0);
  });
});

describe('visits', () => {
  it('40 guardians booking the last 3 places of a slot at once: exactly 3 get one', async () => {
    const slot = await makeSlot(api, world, { date: dateOf(soon()), time: '09:00', places: 5 });
    const early = await Promise.all([0, 1].map(() => reach('replied')));
    for (const e of early)
      expect((await act(api, e.parent.id, e.id, 'visit', { slotId: slot.id })).status).toBe(200);
    const families = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const parent = await makeResident(api);
        const { id } = await enquire(api, world, parent.id);
        expect((await act(api, world.operator.id, id, 'reply', { text: '欢迎' })).status).toBe(200);
        return { parent, id, auth: await as(api, parent.id) };
      }),
    );
    const answers = await Promise.all(
      families.map((f) =>
        request(api.url)
          .post(`/api/v1/daycare/enquiries/${f.id}/visit`)
          .set(f.auth)
          .send({ slotId: slot.id }),
      ),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(
      answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'DAYCARE_VISIT_FULL'),
    ).toBe(true);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(37);
    const slots = await request(api.url)
      .get(`/api/v1/daycare/centres/${world.centre.id}/visit-slots`)
      .set(await as(api, world.operator.id));
    const seen = slots.body.items.find((s: { id: string }) => s.id === slot.id);
    expect(seen).toMatchObject({ booked: 5, left: 0 });
    expect(seen.visitors).toHaveLength(5);
  });

  it('a cancelled visit gives its place back', async () => {
    const slot = await makeSlot(api, world, { date: dateOf(soon()), time: '11:00', places: 1 });
    const a = await reach('replied');
    const b = await reach('replied');
    expect((await act(api, a.parent.id, a.id, 'visit', { slotId: slot.id })).status).toBe(200);
    expect((await act(api, b.parent.id, b.id, 'visit', { slotId: slot.id })).status).toBe(409);
    expect((await act(api, a.parent.id, a.id, 'cancel-visit')).status).toBe(200);
    expect((await act(api, b.parent.id, b.id, 'visit', { slotId: slot.id })).status).toBe(200);
  });
});
