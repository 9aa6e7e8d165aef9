/**
 * Consultations over HTTP on the real app and store: the lifecycle, the discussion, ballots of
 * each kind, proxy and paper ballots, changing a vote, receipts, results per building, non-voters
 * and reminders, and an owners' decision counted end to end.
 */
import request from 'supertest';
import { connectClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { UserModel } from '../identity/user-model';
import { makeCarer } from '../meals/test-people';
import {
  addToHousehold,
  createConsultation,
  inDays,
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

const get = (path: string, auth: { Authorization: string }) =>
  request(api.url).get(`/api/v1${path}`).set(auth);

describe('lifecycle', () => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(api);
  });

  it('moves draft → discussion → voting → closed → published, each view offering only the next moves', async () => {
    const c = await createConsultation(api, world);
    const draft = await get(`/consultations/${c.id}`, world.committee.auth);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.actions).toEqual(expect.arrayContaining(['edit', 'openDiscussion', 'openVoting']));
    expect(draft.body.actions).not.toContain('close');
    const discussion = await move(api, world, c.id, 'openDiscussion');
    expect(discussion.actions).toEqual(expect.arrayContaining(['openVoting', 'reply']));
    const voting = await move(api, world, c.id, 'openVoting');
    expect(voting.actions).toEqual(
      expect.arrayContaining(['close', 'enterPaperBallot', 'viewTurnout', 'remind']),
    );
    expect(voting.actions).not.toContain('edit');
    expect((await move(api, world, c.id, 'close')).status).toBe('closed');
    expect((await move(api, world, c.id, 'publish')).status).toBe('published');
  });

  it('refuses a move the state does not allow with 409 naming the allowed next states', async () => {
    const c = await createConsultation(api, world);
    const res = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/transitions/publish`)
      .set(world.committee.auth);
    expect(res.status).toBe(409);
    expect(res.body.error.details.allowedNextStates).toEqual(['discussion', 'voting']);
    expect(res.body.error.message).toContain('讨论中');
  });

  it('edits only drafts; refuses a window that closes before it opens, naming the field', async () => {
    const c = await createConsultation(api, world);
    const bad = await request(api.url)
      .patch(`/api/v1/consultations/${c.id}`)
      .set(world.committee.auth)
      .send({ votingOpensAt: inDays(api, 5), votingClosesAt: inDays(api, 2) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('votingClosesAt');
    await move(api, world, c.id, 'openDiscussion');
    const late = await request(api.url)
      .patch(`/api/v1/consultations/${c.id}`)
      .set(world.committee.auth)
      .send({ title: '新标题' });
    expect(late.status).toBe(409);
    expect((await get(`/consultations/${c.id}`, world.committee.auth)).body.title).toBe('儿童游乐场改造方案');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await get(`/consultations?communityId=${world.community.id}`, world.committee.auth)).body
      .total;
    const res = await request(api.url)
      .post('/api/v1/consultations')
      .set(world.committee.auth)
      .send({
        communityId: world.community.id,
        title: '维修资金',
        body: '电梯',
        eligibility: 'owner',
        ballot: { kind: 'single', options: ['a', 'b'] },
        votingClosesAt: inDays(api, 7),
      });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('matter');
    expect(JSON.stringify(res.body.error.details)).toContain('ballot.kind');
    const after = (await get(`/consultations?communityId=${world.community.id}`, world.committee.auth)).body
      .total;
    expect(after).toBe(before);
  });
});

describe('discussion', () => {
  it('residents comment and propose in discussion, the committee replies, outsiders cannot', async () => {
    const world = await makeWorld(api);
    const home = await makeUnit(world, world.buildings[0], '101');
    const [resident] = await placeResidents(api, home, 'tenant', 1, '李阿姨');
    const c = await createConsultation(api, world);
    const early = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/comments`)
      .set(resident.auth)
      .send({ body: '想要秋千' });
    expect(early.status).toBe(404); // a draft does not exist for residents
    await move(api, world, c.id, 'openDiscussion');
    const said = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/comments`)
      .set(resident.auth)
      .send({ kind: 'proposal', body: '加一个沙池' });
    expect(said.status).toBe(201);
    expect(said.body.author).toMatchObject({ displayName: '李阿姨', committee: false });
    const replied = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/comments`)
      .set(world.committee.auth)
      .send({ kind: 'reply', body: '已纳入方案', replyTo: said.body.id });
    expect(replied.status).toBe(201);
    const residentReply = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/comments`)
      .set(resident.auth)
      .send({ kind: 'reply', body: '我也是居委会' });
    expect(residentReply.status).toBe(403);
    const list = await get(`/consultations/${c.id}/comments`, resident.auth);
    expect(list.body.items.map((i: { kind: string }) => i.kind)).toEqual(['proposal', 'reply']);
    await move(api, world, c.id, 'openVoting');
    const tooLate = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/comments`)
      .set(resident.auth)
      .send({ body: '还想说' });
    expect(tooLate.status).toBe(403);
  });
});

describe('ballots', () => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(api);
  });

  it('one ballot per household: the second member is told who voted, and when', async () => {
    const home = await makeUnit(world, world.buildings[0], '201');
    const [wife, husband] = await placeResidents(api, home, 'owner', 2, '张');
    const c = await createConsultation(api, world);
    await move(api, world, c.id, 'openVoting');
    const first = await vote(api, wife, c.id, { choices: ['o2'] });
    expect(first.status).toBe(201);
    expect(first.body.receiptCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const second = await vote(api, husband, c.id, { choices: ['o1'] });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONSULTATION_ALREADY_VOTED');
    expect(second.body.error.message).toContain('1号楼 201');
    expect(second.body.error.message).toContain('张');
    const seen = await get(`/consultations/${c.id}`, husband.auth);
    expect(seen.body.myBallots).toHaveLength(1);
    expect(seen.body.myBallots[0].choices).toBeUndefined(); // not his ballot: he does not see its choice
    expect(seen.body.actions).not.toContain('vote');
  });

  it('multiple choice within min/max; unknown options and too many are refused naming choices', async () => {
    const home = await makeUnit(world, world.buildings[0], '202');
    const [resident] = await placeResidents(api, home, 'tenant');
    const c = await createConsultation(api, world, {
      eligibility: 'resident',
      ballot: { kind: 'multiple', options: ['秋千', '滑梯', '沙池', '长椅'], minChoices: 1, maxChoices: 2 },
    });
    await move(api, world, c.id, 'openVoting');
    const tooMany = await vote(api, resident, c.id, { choices: ['o1', 'o2', 'o3'] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.fields[0]).toMatchObject({ path: 'choices' });
    expect((await vote(api, resident, c.id, { choices: ['o9'] })).status).toBe(400);
    expect((await vote(api, resident, c.id, { choices: ['o1', 'o4'] })).status).toBe(201);
  });

  it('changes a vote until close where allowed, with a new receipt; not where not allowed', async () => {
    const home = await makeUnit(world, world.buildings[1], '301');
    const [resident] = await placeResidents(api, home, 'tenant');
    const c = await createConsultation(api, world, { allowChange: true });
    await move(api, world, c.id, 'openVoting');
    const first = await vote(api, resident, c.id, { choices: ['o1'] });
    const changed = await vote(api, resident, c.id, { choices: ['o3'] });
    expect(changed.status).toBe(200);
    expect(changed.body.receiptCode).not.toBe(first.body.receiptCode);
    const fixed = await createConsultation(api, world, { allowChange: false });
    await move(api, world, fixed.id, 'openVoting');
    await vote(api, resident, fixed.id, { choices: ['o1'] });
    const again = await vote(api, resident, fixed.id, { choices: ['o2'] });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('你已于');
    await move(api, world, c.id, 'close');
    const afterClose = await vote(api, resident, c.id, { choices: ['o2'] });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body.error.code).toBe('CONSULTATION_VOTING_CLOSED');
    // The old receipt does not verify (the ballot was changed); the new one does.
    const old = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/receipts/verify`)
      .set(resident.auth)
      .send({ code: first.body.receiptCode });
    expect(old.body.counted).toBe(false);
    const now = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/receipts/verify`)
      .set(resident.auth)
      .send({ code: changed.body.receiptCode });
    expect(now.body).toMatchObject({ counted: true, asCast: true, choices: ['o3'] });
  });

  it('a confirmed carer votes for an elder; the elder then cannot vote, and sees it was cast', async () => {
    const home = await makeUnit(world, world.buildings[0], '401');
    const [elder] = await placeResidents(api, home, 'owner', 1, '王奶奶');
    const carer = await makeCarer(api, elder.id);
    const c = await createConsultation(api, world, { eligibility: 'resident', allowChange: true });
    await move(api, world, c.id, 'openVoting');
    const view = await get(`/consultations/${c.id}`, api.bearer(carer.accessToken));
    expect(view.body.voteAs).toEqual([
      expect.objectContaining({ forUserId: elder.id, forName: '王奶奶', voted: false }),
    ]);
    const proxy = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/ballots`)
      .set(api.bearer(carer.accessToken))
      .send({ choices: ['o1'], forUserId: elder.id });
    expect(proxy.status).toBe(201);
    expect(proxy.body.ballot.voterKind).toBe('proxy');
    const own = await vote(api, elder, c.id, { choices: ['o2'] });
    expect(own.status).toBe(409);
    expect(own.body.error.message).toContain('代你投票');
    const elderView = await get(`/consultations/${c.id}`, elder.auth);
    expect(elderView.body.myBallots).toEqual([
      expect.objectContaining({ voterKind: 'proxy', castByName: '张阿姨' }),
    ]);
    expect(elderView.body.myBallots[0].choices).toBeUndefined();
  });

  it('paper ballots per unit are never counted twice with an online vote: the later is refused naming the earlier', async () => {
    const homeA = await makeUnit(world, world.buildings[0], '501');
    const homeB = await makeUnit(world, world.buildings[0], '502');
    const [a] = await placeResidents(api, homeA, 'owner', 1, '赵先生');
    const [b] = await placeResidents(api, homeB, 'owner', 1, '钱女士');
    const c = await createConsultation(api, world);
    await move(api, world, c.id, 'openVoting');
    await vote(api, a, c.id, { choices: ['o1'] });
    const paperOnA = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/paper-ballots`)
      .set(world.committee.auth)
      .send({ householdId: homeA.id, choices: ['o2'] });
    expect(paperOnA.status).toBe(409);
    expect(paperOnA.body.error.message).toContain('1号楼 501');
    expect(paperOnA.body.error.message).toContain('赵先生');
    expect(paperOnA.body.error.message).toContain('线上');
    const paperOnB = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/paper-ballots`)
      .set(world.committee.auth)
      .send({ householdId: homeB.id, choices: ['o2'], note: '纸票 #12' });
    expect(paperOnB.status).toBe(201);
    const onlineOnB = await vote(api, b, c.id, { choices: ['o1'] });
    expect(onlineOnB.status).toBe(409);
    expect(onlineOnB.body.error.message).toContain('纸质选票');
    const audit = await get(`/audit?communityId=${world.community.id}`, world.committee.auth);
    expect(JSON.stringify(audit.body)).toContain('consultation.paperBallot');
  });
});

describe('results, receipts and the committee’s tools', () => {
  let world: World;
  const people: Awaited<ReturnType<typeof placeResidents>>[number][] = [];
  let c: { id: string };
  const receipts: string[] = [];
  beforeAll(async () => {
    world = await makeWorld(api);
    for (const [i, building] of world.buildings.entries()) {
      for (const unit of ['101', '102', '103']) {
        const h = await makeUnit(world, building, unit);
        people.push(...(await placeResidents(api, h, 'owner', 1, `${i + 1}栋${unit}`)));
      }
    }
    c = await createConsultation(api, world, { secretBallot: false });
    await move(api, world, c.id, 'openVoting');
    // 1号楼: 秋千, 秋千, 滑梯; 2号楼: 沙池 (2号楼 102 and 103 do not vote).
    for (const [person, choice] of [
      [people[0], 'o1'],
      [people[1], 'o1'],
      [people[2], 'o2'],
      [people[3], 'o3'],
    ] as const) {
      const res = await vote(api, person, c.id, { choices: [choice] });
      receipts.push(res.body.receiptCode);
    }
  });

  it('turnout by building and non-voters by door for the committee', async () => {
    const turnout = await get(`/consultations/${c.id}/turnout`, world.committee.auth);
    expect(turnout.body).toMatchObject({ eligible: 6, voted: 4 });
    expect(turnout.body.byBuilding).toEqual([
      expect.objectContaining({ buildingName: '1号楼', eligible: 3, voted: 3 }),
      expect.objectContaining({ buildingName: '2号楼', eligible: 3, voted: 1 }),
    ]);
    const non = await get(`/consultations/${c.id}/non-voters`, world.committee.auth);
    expect(
      non.body.items.map((i: { buildingName: string; unit: string }) => `${i.buildingName} ${i.unit}`),
    ).toEqual(['2号楼 102', '2号楼 103']);
    expect(non.body.items[0].people[0].displayName).toBe('2栋102');
  });

  it('shows the committee non-voters’ phones masked, never in full', async () => {
    const [first] = (await get(`/consultations/${c.id}/non-voters`, world.committee.auth)).body.items;
    await UserModel.updateOne({ _id: first.people[0].id }, { $set: { phone: '13812341234' } });
    const non = await get(`/consultations/${c.id}/non-voters`, world.committee.auth);
    expect(non.body.items[0].people[0].phone).toBe('138****1234');
    expect(JSON.stringify(non.body)).not.toContain('13812341234');
  });

  it('a reminder reaches those who have not voted and never those who have', async () => {
    const voted = await connectClient(api.url, { token: people[0].token });
    const notYet = await connectClient(api.url, { token: people[4].token });
    await Promise.all([voted.caughtUp(), notYet.caughtUp()]);
    const res = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/reminders`)
      .set(world.committee.auth);
    expect(res.body.reminded).toBe(2);
    await notYet.event('consultation.reminder');
    await new Promise((r) => setTimeout(r, 200));
    expect(voted.received.filter((r) => r.event === 'consultation.reminder')).toHaveLength(0);
    voted.close();
    notYet.close();
  });

  it('after close the committee sees results per building; residents once published', async () => {
    await move(api, world, c.id, 'close');
    const residentEarly = await get(`/consultations/${c.id}/results`, people[0].auth);
    expect(residentEarly.status).toBe(403);
    const results = await get(`/consultations/${c.id}/results`, world.committee.auth);
    expect(results.body.byOption.map((o: { ballots: number }) => o.ballots)).toEqual([2, 1, 1]);
    expect(results.body.byBuilding).toEqual([
      expect.objectContaining({ buildingName: '1号楼', ballots: 3 }),
      expect.objectContaining({ buildingName: '2号楼', ballots: 1 }),
    ]);
    await move(api, world, c.id, 'publish');
    const seen = await get(`/consultations/${c.id}`, people[5].auth);
    expect(seen.body.results.byOption[0]).toMatchObject({ label: '秋千', ballots: 2 });
  });

  it('a receipt verifies after close; a tampered receipt does not; the list reveals no choice', async () => {
    const ok = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/receipts/verify`)
      .set(people[2].auth)
      .send({ code: receipts[2].toLowerCase() });
    expect(ok.body).toMatchObject({ counted: true, asCast: true, choices: ['o2'], voterKind: 'online' });
    const last = receipts[2].slice(-1);
    const tampered = receipts[2].slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const bad = await request(api.url)
      .post(`/api/v1/consultations/${c.id}/receipts/verify`)
      .set(people[2].auth)
      .send({ code: tampered });
    expect(bad.body).toMatchObject({ counted: false, asCast: false });
    const list = await get(`/consultations/${c.id}/receipts`, people[5].auth);
    expect(list.body.receipts).toHaveLength(4);
    expect(JSON.stringify(list.body)).not.toMatch(/o1|o2|o3|秋千/);
  });

  it('the audit CSV lists unit, area, voter kind, time and hashed receipt (choices: not secret here)', async () => {
    const csv = await get(`/consultations/${c.id}/audit.csv`, world.committee.auth);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('building,unit,area_m2,voter_kind,cast_at,receipt_hash,choices');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^1号楼,101,100\.00,online,\d{4}-.*,[0-9a-f]{64},o1$/);
    expect(csv.text).not.toContain(receipts[0]); // hashes only, never a code
  });
});

describe("an owners' decision (art. 278) end to end", () => {
  it('counts by area and by person: a multi-unit owner once, the developer once, co-owners via their nominee', async () => {
    const world = await makeWorld(api, ['1号楼']);
    const b = world.buildings[0];
    // 6 persons, 900.00 m²: 甲 holds 101 and 102; 乙丙 co-own 103 (丙 nominated); the developer
    // holds 104–106; 丁 107, 戊 108, 己 109.
    const units = await Promise.all(
      ['101', '102', '103', '104', '105', '106', '107', '108', '109'].map((u) => makeUnit(world, b, u)),
    );
    const [jia] = await placeResidents(api, units[0], 'owner', 1, '甲');
    await addToHousehold(api, units[1], 'owner', [jia.id]);
    const [yi, bing] = await placeResidents(api, units[2], 'owner', 2, '乙丙');
    for (const u of units.slice(3, 6)) {
      const res = await request(api.url)
        .put(`/api/v1/consultations/communities/${world.community.id}/units/${u.id}/ownership`)
        .set(world.committee.auth)
        .send({ developerHeld: true });
      expect(res.status).toBe(200);
    }
    const nominated = await request(api.url)
      .put(`/api/v1/consultations/communities/${world.community.id}/units/${units[2].id}/ownership`)
      .set(world.committee.auth)
      .send({ developerHeld: false, nominatedVoterId: bing.id });
    expect(nominated.status).toBe(200);
    const [ding] = await placeResidents(api, units[6], 'owner', 1, '丁');
    const [tenant] = await placeResidents(api, units[7], 'tenant', 1, '租户');
    await placeResidents(api, units[7], 'owner', 1, '戊');
    await placeResidents(api, units[8], 'owner', 1, '己');

    const c = await createConsultation(api, world, {
      title: '使用维修资金更换 1 号楼电梯',
      eligibility: 'owner',
      matter: 'useMaintenanceFund',
      ballot: { kind: 'approval' },
    });
    await move(api, world, c.id, 'openVoting');
    // 甲 votes both units (he must say which), 乙 is not the nominee, a tenant is not an owner.
    const which = await vote(api, jia, c.id, { choices: ['approve'] });
    expect(which.status).toBe(409);
    expect(which.body.error.details.householdIds).toHaveLength(2);
    expect((await vote(api, jia, c.id, { choices: ['approve'], householdId: units[0].id })).status).toBe(201);
    expect((await vote(api, jia, c.id, { choices: ['approve'], householdId: units[1].id })).status).toBe(201);
    expect((await vote(api, yi, c.id, { choices: ['reject'] })).status).toBe(403);
    expect((await vote(api, tenant, c.id, { choices: ['reject'] })).status).toBe(403);
    // The developer's three units come in on paper.
    for (const u of units.slice(3, 6)) {
      const res = await request(api.url)
        .post(`/api/v1/consultations/${c.id}/paper-ballots`)
        .set(world.committee.auth)
        .send({ householdId: u.id, choices: ['approve'] });
      expect(res.status).toBe(201);
    }
    expect((await vote(api, ding, c.id, { choices: ['approve'] })).status).toBe(201);
    // 600.00 m² = exactly 2/3 of the area, but 3 of 6 persons: participation not reached.
    const turnout = await get(`/consultations/${c.id}/turnout`, world.committee.auth);
    expect(turnout.body.gauges.map((g: { key: string }) => g.key)).toEqual([
      'participationArea',
      'participationOwners',
    ]);
    expect(turnout.body.gauges[0]).toMatchObject({ value: 60000, of: 90000, met: true });
    expect(turnout.body.gauges[1]).toMatchObject({ value: 3, of: 6, met: false, missing: 1 });
    expect(turnout.body.missing.participation).toBe('还差 1 位业主，即可达到参与门槛');
    // 丙, the nominee, brings the fourth person.
    expect((await vote(api, bing, c.id, { choices: ['approve'] })).status).toBe(201);
    await move(api, world, c.id, 'close');
    const results = await get(`/consultations/${c.id}/results`, world.committee.auth);
    expect(results.body.owners).toMatchObject({
      totals: { areaCenti: 90000, owners: 6 },
      participating: { areaCenti: 70000, owners: 4 },
      agreeing: { areaCenti: 70000, owners: 4 },
      participationMet: true,
      passed: true,
    });
    expect(results.body.byOption[0]).toMatchObject({ id: 'approve', ballots: 7, areaCenti: 70000 });
  });
});
