/**
 * The committee's draft: it opens for discussion at discussionOpensAt by the scheduler (after a
 * restart too: schedule.test.ts), set times in the past or out of order are refused naming the field, every field of
 * a draft can be edited (dropped attachments lose their files), and once voting opened nothing can.
 */
import sharp from 'sharp';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { tokenFor } from '../meals/test-factories';
import { createConsultation, inDays, makeWorld, move, type World } from './test-factories';

const DAY = 86_400_000;

let api: TestApi;
let world: World;
beforeAll(async () => {
  api = await startTestApi();
});
// A fresh community per test: tests step the clock, and a token from a day ago has expired.
beforeEach(async () => {
  world = await makeWorld(api);
});
afterAll(() => api.stop());

const view = async (a: TestApi, id: string, userId: string) =>
  (
    await request(a.url)
      .get(`/api/v1/consultations/${id}`)
      .set(a.bearer(await tokenFor(a, userId)))
  ).body;
const edit = (id: string, body: Record<string, unknown>) =>
  request(api.url).patch(`/api/v1/consultations/${id}`).set(world.committee.auth).send(body);
const upload = async () => {
  const jpeg = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 120, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  const res = await request(api.url)
    .post('/api/v1/uploads')
    .set(world.committee.auth)
    .attach('file', jpeg, 'plan.jpg');
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const fetchUpload = async (id: string) =>
  (await request(api.url).get(`/api/v1/uploads/${id}`).set(world.committee.auth)).status;

/** The field a 400 names: the server's own checks, or validation's field list. */
const fieldOf = (body: { error: { details?: { field?: string; fields?: { path: string }[] } } }) =>
  body.error.details?.field ?? body.error.details?.fields?.map((f) => f.path).join(',');

describe('the discussion opens at its set time', () => {
  it('by the scheduler, once, and not a minute early', async () => {
    const c = await createConsultation(api, world, {
      discussionOpensAt: inDays(api, 1),
      votingOpensAt: inDays(api, 2),
      votingClosesAt: inDays(api, 4),
    });
    const draft = await view(api, c.id, world.committee.id);
    expect(draft.status).toBe('draft');
    expect(draft.discussionOpensAt).toBe(new Date(api.clock.now().getTime() + DAY).toISOString());
    api.clock.advance(DAY - 60_000);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('draft');
    api.clock.advance(60_000);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('discussion');
    // The next step is scheduled from there: voting opens a day later.
    api.clock.advance(DAY);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('voting');
  });

  it('opened by hand first, the scheduled opening has nothing left to do', async () => {
    const c = await createConsultation(api, world, { discussionOpensAt: inDays(api, 1) });
    const opened = await move(api, world, c.id, 'openDiscussion');
    api.clock.advance(DAY);
    await api.scheduler.runDue();
    const after = await view(api, c.id, world.committee.id);
    expect(after.status).toBe('discussion');
    expect(after.history).toEqual(opened.history);
  });

  it('an opening moved by an edit runs at the new time, not the old', async () => {
    const c = await createConsultation(api, world, { discussionOpensAt: inDays(api, 1) });
    expect((await edit(c.id, { discussionOpensAt: inDays(api, 2) })).status).toBe(200);
    api.clock.advance(DAY);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('draft');
    api.clock.advance(DAY);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('discussion');
  });

  it('a cleared opening time leaves the draft to the committee', async () => {
    const c = await createConsultation(api, world, { discussionOpensAt: inDays(api, 1) });
    const cleared = await edit(c.id, { discussionOpensAt: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.discussionOpensAt).toBeUndefined();
    api.clock.advance(2 * DAY);
    await api.scheduler.runDue();
    expect((await view(api, c.id, world.committee.id)).status).toBe('draft');
  });
});

describe('set times are refused naming the field, and nothing is written', () => {
  const draft = (body: Record<string, unknown>) =>
    request(api.url)
      .post('/api/v1/consultations')
      .set(world.committee.auth)
      .send({
        communityId: world.community.id,
        title: '拒绝的草稿',
        body: '时间不对',
        eligibility: 'household',
        ballot: { kind: 'single', options: ['甲', '乙'] },
        votingClosesAt: inDays(api, 7),
        ...body,
      });
  const count = async () =>
    (
      await request(api.url)
        .get(`/api/v1/consultations?communityId=${world.community.id}`)
        .set(world.committee.auth)
    ).body.items.length as number;

  it.each([
    ['a discussion opening in the past', () => ({ discussionOpensAt: inDays(api, -1) }), 'discussionOpensAt'],
    ['a voting opening in the past', () => ({ votingOpensAt: inDays(api, -0.01) }), 'votingOpensAt'],
    ['a close in the past', () => ({ votingClosesAt: inDays(api, -1) }), 'votingClosesAt'],
    [
      'voting opening before the discussion',
      () => ({ discussionOpensAt: inDays(api, 2), votingOpensAt: inDays(api, 1) }),
      'votingOpensAt',
    ],
    [
      'closing before opening',
      () => ({ votingOpensAt: inDays(api, 3), votingClosesAt: inDays(api, 2) }),
      'votingClosesAt',
    ],
    [
      'closing before the discussion opens',
      () => ({ discussionOpensAt: inDays(api, 3), votingClosesAt: inDays(api, 2) }),
      'votingClosesAt',
    ],
  ])('%s', async (_name, times, field) => {
    const before = await count();
    const res = await draft(times());
    expect(res.status).toBe(400);
    expect(fieldOf(res.body)).toBe(field);
    // What the page shows under the field says what to fix, not a bare "invalid".
    const said = res.body.error.details?.fields?.[0]?.message ?? res.body.error.message;
    expect(said).toMatch(/须晚于|must be after|已过|has passed/);
    expect(await count()).toBe(before);
  });

  it('an edit into the past or out of order is refused, and the draft keeps its times', async () => {
    const c = await createConsultation(api, world, {
      discussionOpensAt: inDays(api, 1),
      votingClosesAt: inDays(api, 5),
    });
    const was = await view(api, c.id, world.committee.id);
    const past = await edit(c.id, { discussionOpensAt: inDays(api, -1) });
    expect(past.status).toBe(400);
    expect(fieldOf(past.body)).toBe('discussionOpensAt');
    // Out of order against the time the draft already has.
    const late = await edit(c.id, { discussionOpensAt: inDays(api, 6) });
    expect(late.status).toBe(400);
    expect(fieldOf(late.body)).toBe('votingClosesAt');
    const now = await view(api, c.id, world.committee.id);
    expect(now.discussionOpensAt).toBe(was.discussionOpensAt);
    expect(now.votingClosesAt).toBe(was.votingClosesAt);
  });
});

describe('editing a draft', () => {
  it('changes every field of a draft; dropped attachments lose their files, kept ones stay', async () => {
    const [plan, oldPhoto] = [await upload(), await upload()];
    const c = await createConsultation(api, world, { attachmentIds: [plan, oldPhoto] });
    const added = await upload();
    const res = await edit(c.id, {
      title: '地面停车位改造',
      body: '改造方案见附图',
      eligibility: 'owner',
      matter: 'changeCommonUse',
      ballot: { kind: 'approval' },
      buildingIds: [world.buildings[1].id],
      resultsHidden: false,
      secretBallot: false,
      allowChange: true,
      discussionOpensAt: inDays(api, 1),
      votingOpensAt: inDays(api, 2),
      votingClosesAt: inDays(api, 9),
      attachmentIds: [plan, added],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: '地面停车位改造',
      body: '改造方案见附图',
      eligibility: 'owner',
      matter: 'changeCommonUse',
      buildingIds: [world.buildings[1].id],
      resultsHidden: false,
      secretBallot: false,
      allowChange: true,
      discussionOpensAt: inDays(api, 1),
      votingOpensAt: inDays(api, 2),
      votingClosesAt: inDays(api, 9),
    });
    expect(res.body.ballot.kind).toBe('approval');
    expect(res.body.attachments.map((a: { id: string }) => a.id)).toEqual([plan, added]);
    expect(await fetchUpload(plan)).toBe(200);
    expect(await fetchUpload(added)).toBe(200);
    expect(await fetchUpload(oldPhoto)).toBe(404);
    // Back to a household vote: the matter goes with it.
    const back = await edit(c.id, {
      eligibility: 'household',
      ballot: { kind: 'single', options: ['是', '否'] },
    });
    expect(back.status).toBe(200);
    expect(back.body.matter).toBeUndefined();
    expect(back.body.ballot.options.map((o: { label: string }) => o.label)).toEqual(['是', '否']);
  });

  it("refuses an owners' decision without its matter, naming the field", async () => {
    const c = await createConsultation(api, world);
    const res = await edit(c.id, { eligibility: 'owner', ballot: { kind: 'approval' } });
    expect(res.status).toBe(400);
    expect(fieldOf(res.body)).toBe('matter');
    expect((await view(api, c.id, world.committee.id)).eligibility).toBe('household');
  });

  it('in discussion only the window moves; once voting opened, nothing does (409 with the reason)', async () => {
    const c = await createConsultation(api, world, { votingClosesAt: inDays(api, 5) });
    // The page offers editing only where the server takes it: the presenter's `edit` action.
    expect((await view(api, c.id, world.committee.id)).actions).toContain('edit');
    await move(api, world, c.id, 'openDiscussion');
    expect((await view(api, c.id, world.committee.id)).actions).toContain('edit');
    const text = await edit(c.id, { title: '改个标题' });
    expect(text.status).toBe(409);
    expect(text.body.error.details.status).toBe('discussion');
    expect((await edit(c.id, { votingClosesAt: inDays(api, 6) })).status).toBe(200);
    await move(api, world, c.id, 'openVoting');
    expect((await view(api, c.id, world.committee.id)).actions).not.toContain('edit');
    for (const body of [{ title: '改个标题' }, { votingClosesAt: inDays(api, 8) }, { attachmentIds: [] }]) {
      const res = await edit(c.id, body);
      expect(res.status).toBe(409);
      expect(res.body.error.details.status).toBe('voting');
      expect(res.body.error.message).toMatch(/voting has opened|投票已开始/);
    }
    const after = await view(api, c.id, world.committee.id);
    expect(after.title).toBe('儿童游乐场改造方案');
    expect(after.votingClosesAt).toBe(inDays(api, 6));
  });
});
