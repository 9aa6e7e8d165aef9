/**
 * Home's "what is next for me" over HTTP with the real app and store: one resident of a community
 * with a repairs team, a daycare centre, a consultation and a pledge project sees exactly their own
 * open items, most urgent first; not a neighbour's, not finished ones; as a confirmed carer, the
 * elder's open vote once their own is cast.
 */
import type { NextUpView } from '@linli/shared';
import request from 'supertest';
import { startTestApi, type TestApi } from '../test-support/api';
import { makeHousehold } from './communities/test-factories';
import {
  createConsultation,
  move as moveConsultation,
  vote,
  type World,
} from './consultations/test-factories';
import { act, enquire, makeCentre, makeGuardian } from './daycare/test-factories';
import { makeMember } from './membership/test-factories';
import { call, makeProject, needOf } from './pledges/test-factories';
import { makeRepairWorld, move as moveTicket, reportHome, tokenFor } from './repairs/test-factories';
import { RepairTicketModel } from './repairs/tickets/model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
});
afterAll(() => api.stop());
beforeEach(() => api.clock.set('2031-03-03T02:00:00Z'));

async function nextFor(userId: string, locale = 'zh-CN'): Promise<NextUpView> {
  const res = await request(api.url)
    .get('/api/v1/me/next')
    .set(api.bearer(await tokenFor(api, userId)))
    .set('Accept-Language', locale);
  expect(res.status).toBe(200);
  return res.body as NextUpView;
}

it("lists a resident's own open requests across services, most urgent first, and none of a neighbour's", async () => {
  const centre = await makeCentre(api);
  const repairs = await makeRepairWorld(api, centre.community);
  const [me, neighbour] = [await makeGuardian(api, centre), await makeGuardian(api, centre)];

  // Repairs: one in progress, one fixed and waiting for my confirmation, one I cancelled.
  const leaking = await reportHome(api, repairs, me);
  const fixed = await reportHome(api, repairs, me, { description: '卫生间龙头滴水' });
  const cancelled = await reportHome(api, repairs, me, { description: '阳台地漏堵了' });
  expect((await moveTicket(api, me, cancelled.id, { action: 'cancel' })).status).toBe(200);
  for (const [who, body] of [
    [repairs.operator, { action: 'accept' }],
    [repairs.techA, { action: 'claim' }],
    [repairs.techA, { action: 'depart' }],
    [repairs.techA, { action: 'start' }],
    [repairs.techA, { action: 'resolve', note: '换了龙头' }],
  ] as const) {
    const moved = await moveTicket(api, who, fixed.id, body);
    expect([moved.status, moved.body?.error?.code]).toEqual([200, undefined]);
  }
  const neighboursTicket = await reportHome(api, repairs, neighbour);

  // Daycare: the centre replied to mine (my turn: book a visit); the neighbour's is just sent.
  const enquiry = await enquire(api, centre, me.id);
  expect((await act(api, centre.operator.id, enquiry.id, 'reply', { text: '欢迎参观' })).status).toBe(200);
  const neighboursEnquiry = await enquire(api, centre, neighbour.id, { nickname: '乐乐' });

  // Consultations: voting open to every household of the building; one I already voted in.
  const world: World = {
    community: centre.community,
    buildings: [centre.building],
    committee: {
      id: centre.committee.id,
      token: await tokenFor(api, centre.committee.id),
      auth: api.bearer(await tokenFor(api, centre.committee.id)),
    },
  };
  const open = await createConsultation(api, world);
  await moveConsultation(api, world, open.id, 'openVoting');
  const voted = await createConsultation(api, world, { title: '垃圾分类点位置' });
  await moveConsultation(api, world, voted.id, 'openVoting');
  expect(
    (await vote(api, await personOf(me.id), voted.id, { choices: [voted.ballot.options[0].id] })).status,
  ).toBe(201);
  const draft = await createConsultation(api, world, { title: '尚未开始的协商' });

  // Pledges: my labour slot on Saturday; a money pledge waits for nothing of mine.
  const project = await makeProject(api, {
    community: centre.community,
    buildings: [centre.building],
    committee: centre.committee,
  });
  const labour = await call(api, me.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'labour'),
    quantity: 1,
  });
  expect(labour.status).toBe(201);
  const money = await call(api, me.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'money'),
    quantity: 5000,
  });
  expect(money.status).toBe(201);

  const mine = await nextFor(me.id);
  expect(mine.unavailable).toEqual([]);
  const rows = mine.items.map((i) => [i.service, i.kind, i.targetId, i.urgency].join(' '));
  expect(rows).toHaveLength(5);
  // Waiting for me first: the vote, due in 7 days, before the undated ones (in title order).
  expect(rows[0]).toBe(`consultations vote ${open.id} yourTurn`);
  expect(rows.slice(1, 3).sort()).toEqual([
    `daycare daycareEnquiry ${enquiry.id} yourTurn`,
    `repairs repairTicket ${fixed.id} yourTurn`,
  ]);
  // Then my Saturday slot, then what others are on.
  expect(rows.slice(3)).toEqual([
    `pledges labourSlot ${project.id} upcoming`,
    `repairs repairTicket ${leaking.id} inProgress`,
  ]);
  expect(mine.items.find((i) => i.targetId === fixed.id)?.stateLabel).toBe('已修好，请确认并评价');
  expect(mine.items.find((i) => i.targetId === project.id)?.at).toBe('2031-03-15T01:00:00.000Z');
  const seenIds = mine.items.map((i) => i.targetId);
  for (const notMine of [neighboursTicket.id, neighboursEnquiry.id, cancelled.id, voted.id, draft.id])
    expect(seenIds).not.toContain(notMine);

  // The neighbour sees their own ticket, enquiry and vote; nothing of mine.
  const theirs = await nextFor(neighbour.id, 'en');
  expect(theirs.items.map((i) => i.targetId).sort()).toEqual(
    [neighboursTicket.id, neighboursEnquiry.id, open.id, voted.id].sort(),
  );
  expect(theirs.items.find((i) => i.targetId === open.id)?.stateLabel).toBe('Voting is open: cast your vote');

  // Once I confirm the repair, it is gone.
  expect((await moveTicket(api, me, fixed.id, { action: 'confirm', rating: 5 })).status).toBe(200);
  expect((await nextFor(me.id)).items.map((i) => i.targetId)).not.toContain(fixed.id);
});

it("shows a confirmed carer the elder's open vote (as proxy) once their own is cast, and not after the elder voted", async () => {
  const centre = await makeCentre(api);
  const carer = await makeGuardian(api, centre);
  const elder = await makeMember(api, {
    community: centre.community,
    household: await makeHousehold({ building: centre.building }),
    committee: { ...centre.committee, accessToken: await tokenFor(api, centre.committee.id) },
  });
  const stranger = await makeGuardian(api, centre);
  const asked = await call(api, carer.id, 'post', '/carer-links', { elderUserId: elder.id });
  expect(asked.status).toBe(201);
  expect((await call(api, elder.id, 'post', `/carer-links/${asked.body.id}/confirm`)).status).toBe(200);
  const committee = {
    id: centre.committee.id,
    token: await tokenFor(api, centre.committee.id),
    auth: api.bearer(await tokenFor(api, centre.committee.id)),
  };
  const world: World = { community: centre.community, buildings: [centre.building], committee };
  const c = await createConsultation(api, world);
  await moveConsultation(api, world, c.id, 'openVoting');
  const choice = { choices: [c.ballot.options[0].id] };

  expect((await nextFor(carer.id)).items.find((i) => i.targetId === c.id)?.stateLabel).toBe(
    '投票进行中，请投票',
  );
  expect((await vote(api, await personOf(carer.id), c.id, choice)).status).toBe(201);
  const proxy = (await nextFor(carer.id)).items.find((i) => i.targetId === c.id);
  expect(proxy?.stateLabel).toEqual(expect.stringMatching(/^可为.+代投票$/));
  // Someone who is not the elder's carer is not offered it (their own vote still waits).
  expect((await vote(api, await personOf(stranger.id), c.id, choice)).status).toBe(201);
  expect((await nextFor(stranger.id)).items.map((i) => i.targetId)).not.toContain(c.id);

  expect((await vote(api, await personOf(carer.id), c.id, { ...choice, forUserId: elder.id })).status).toBe(
    201,
  );
  expect((await nextFor(carer.id)).items.map((i) => i.targetId)).not.toContain(c.id);
  expect((await nextFor(elder.id)).items.map((i) => i.targetId)).not.toContain(c.id);
});

it('answers the other services when one of them fails, naming the one that could not answer', async () => {
  const centre = await makeCentre(api);
  const repairs = await makeRepairWorld(api, centre.community);
  const me = await makeGuardian(api, centre);
  const ticket = await reportHome(api, repairs, me);
  const enquiry = await enquire(api, centre, me.id);
  const failing = jest.spyOn(RepairTicketModel, 'find').mockImplementation(() => {
    throw new Error('store unavailable');
  });
  try {
    const view = await nextFor(me.id);
    expect(view.unavailable).toEqual(['repairs']);
    expect(view.items.map((i) => i.targetId)).toEqual([enquiry.id]);
  } finally {
    failing.mockRestore();
  }
  const healed = await nextFor(me.id);
  expect(healed.unavailable).toEqual([]);
  expect(healed.items.map((i) => i.targetId).sort()).toEqual([enquiry.id, ticket.id].sort());
});

async function personOf(userId: string) {
  const token = await tokenFor(api, userId);
  return { id: userId, token, auth: api.bearer(token) };
}
