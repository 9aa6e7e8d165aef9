/**
 * Rating served meals over HTTP with the real store: only someone who was served may rate, once per
 * item even under concurrency, editable for 7 days, asked once; an operator sees only its own
 * ratings and replies once; a committee sees only its community's figures, which match a
 * constructed month exactly, small-number rule included.
 */
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeHousehold } from '../communities/test-factories';
import { BookingModel } from '../meals/booking-model';
import { makeCanteen, makeElder, tokenFor, type CanteenWorld } from '../meals/test-factories';
import { makeCarer } from '../meals/test-people';
import { RatingModel } from './model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '10000' });
});
afterAll(() => api.stop());
beforeEach(() => api.clock.set('2031-03-20T04:00:00Z'));

const as = async (userId: string) => api.bearer(await tokenFor(api, userId));
const get = async (userId: string, path: string) =>
  request(api.url)
    .get(`/api/v1/evaluations${path}`)
    .set(await as(userId));
const send = async (
  method: 'post' | 'put',
  userId: string,
  path: string,
  body: Record<string, unknown> = {},
) => {
  const agent = request(api.url);
  const call =
    method === 'post' ? agent.post(`/api/v1/evaluations${path}`) : agent.put(`/api/v1/evaluations${path}`);
  return call.set(await as(userId)).send(body);
};
const rate = (
  userId: string,
  bookingId: string,
  scores: Record<string, number>,
  extra: Record<string, unknown> = {},
) => send('post', userId, `/meals/items/${bookingId}/rating`, { scores, ...extra });

/**
 * A booking as the meals module stores it once served (its own tests drive booking and serving);
 * written straight to the store so a month of served meals takes one line each.
 */
async function servedBooking(
  w: CanteenWorld,
  elder: { id: string; household: { id: string; buildingId: string } },
  servedAt: string,
  overrides: Record<string, unknown> = {},
) {
  const booking = await BookingModel.create({
    menuId: new Types.ObjectId(),
    providerId: w.canteen.id,
    date: servedAt.slice(0, 10),
    meal: 'lunch',
    month: servedAt.slice(0, 7),
    elderId: elder.id,
    bookedBy: elder.id,
    communityId: w.community.id,
    householdId: elder.household.id,
    buildingId: elder.household.buildingId,
    mode: 'dine-in',
    status: 'served',
    active: true,
    pickupCode: String(randomInt(100000, 999999)),
    price: { baseFen: 1500, lines: [], subsidyFen: 500, payableFen: 1000 },
    bookedAt: new Date(new Date(servedAt).getTime() - 86_400_000),
    servedAt: new Date(servedAt),
    ...overrides,
  });
  return String(booking._id);
}

const GOOD = { taste: 5, portion: 4, onTime: 4 };

describe('rating a served meal', () => {
  it('only someone who was served may rate, once, with a score for every question', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const neighbour = await makeElder(api, w, { age: 70 });
    const served = await servedBooking(w, elder, '2031-03-19T04:00:00Z');
    const notYet = await servedBooking(w, elder, '2031-03-21T04:00:00Z', {
      status: 'booked',
      servedAt: undefined,
    });

    expect((await rate(neighbour.id, served, GOOD)).status).toBe(404);
    expect((await rate(w.operator.id, served, GOOD)).status).toBe(404);
    expect((await rate(elder.id, notYet, GOOD)).status).toBe(409);
    const partial = await rate(elder.id, served, { taste: 5 });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details).toMatchObject({ field: 'scores', missing: ['portion', 'onTime'] });
    expect((await rate(elder.id, served, { ...GOOD, taste: 6 })).status).toBe(400);
    expect(await RatingModel.countDocuments({ itemId: served })).toBe(0);

    const rated = await rate(elder.id, served, GOOD, { comment: '鱼很嫩' });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ scores: GOOD, comment: '鱼很嫩', signed: false, actions: ['edit'] });
    expect((await rate(elder.id, served, GOOD)).status).toBe(409);
  });

  it('one rating per served item when the elder and the carer who booked rate at once, 20 times', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 80 });
    const son = await makeCarer(api, elder.id);
    const served = await servedBooking(w, elder, '2031-03-19T04:00:00Z', { bookedBy: son.id });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rate(i % 2 ? son.id : elder.id, served, { taste: 1 + (i % 5), portion: 3, onTime: 3 }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await RatingModel.countDocuments({ itemId: served })).toBe(1);
  });

  it('is editable for 7 days by the rater only', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const other = await makeElder(api, w, { age: 75 });
    const served = await servedBooking(w, elder, '2031-03-19T04:00:00Z');
    const { body } = await rate(elder.id, served, GOOD);
    expect((await send('put', other.id, `/ratings/${body.id}`, { scores: GOOD })).status).toBe(404);
    api.clock.advance(7 * 86_400_000 - 60_000);
    const edited = await send('put', elder.id, `/ratings/${body.id}`, {
      scores: { ...GOOD, taste: 2 },
      comment: '偏咸',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ scores: { taste: 2 }, comment: '偏咸' });
    api.clock.advance(60_000);
    const late = await send('put', elder.id, `/ratings/${body.id}`, { scores: GOOD });
    expect(late.status).toBe(409);
    expect((await get(elder.id, '/ratings/mine')).body[0]).toMatchObject({
      scores: { taste: 2 },
      actions: [],
    });
  });

  it('asks once: a to-rate list without what was rated or dismissed, and the dismissal is remembered', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const first = await servedBooking(w, elder, '2031-03-18T04:00:00Z');
    const second = await servedBooking(w, elder, '2031-03-19T04:00:00Z');
    const old = await servedBooking(w, elder, '2031-03-01T04:00:00Z');
    const list = await get(elder.id, '/to-rate');
    expect(list.status).toBe(200);
    expect(list.body.map((i: { itemId: string }) => i.itemId).sort()).toEqual([first, second].sort());
    expect(list.body[0].questions.map((q: { key: string }) => q.key)).toEqual(['taste', 'portion', 'onTime']);
    expect(list.body.map((i: { itemId: string }) => i.itemId)).not.toContain(old);

    expect((await send('post', elder.id, `/meals/items/${first}/dismiss`)).status).toBe(204);
    expect((await send('post', elder.id, `/meals/items/${first}/dismiss`)).status).toBe(204);
    await rate(elder.id, second, GOOD);
    expect((await get(elder.id, '/to-rate')).body).toEqual([]);
    // Dismissed is not refused: the elder may still rate it later.
    expect((await rate(elder.id, first, GOOD)).status).toBe(201);
  });
});

describe('who sees ratings', () => {
  it('an operator sees only its own, names only where signed, and replies once', async () => {
    const w = await makeCanteen(api);
    const other = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const signedBy = await makeElder(api, w, { age: 75 });
    const a = (
      await rate(elder.id, await servedBooking(w, elder, '2031-03-19T04:00:00Z'), GOOD, { comment: '好' })
    ).body;
    const b = (
      await rate(signedBy.id, await servedBooking(w, signedBy, '2031-03-19T05:00:00Z'), GOOD, {
        signed: true,
      })
    ).body;

    const mine = await get(w.operator.id, '/operated');
    expect(mine.status).toBe(200);
    const byId = new Map(mine.body.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(a.id)).not.toHaveProperty('rater');
    expect(byId.get(b.id)).toMatchObject({ rater: { id: signedBy.id }, actions: ['reply'] });
    expect((await get(other.operator.id, '/operated')).body).toEqual([]);
    expect((await get(elder.id, '/operated')).status).toBe(403);

    expect((await send('post', other.operator.id, `/ratings/${a.id}/reply`, { text: '谢谢' })).status).toBe(
      404,
    );
    const replied = await send('post', w.operator.id, `/ratings/${a.id}/reply`, { text: '谢谢您的肯定' });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ reply: { text: '谢谢您的肯定' }, actions: [] });
    expect((await send('post', w.operator.id, `/ratings/${a.id}/reply`, { text: '再次感谢' })).status).toBe(
      409,
    );
    expect((await get(elder.id, '/ratings/mine')).body[0].reply.text).toBe('谢谢您的肯定');
  });

  it('the operator filters by served month and service, and five replies at once leave one', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const march = (await rate(elder.id, await servedBooking(w, elder, '2031-03-19T04:00:00Z'), GOOD)).body;
    // Served late on 28 February UTC is 1 March in Shanghai: the month is the figures' month.
    const firstOfMarch = (await rate(elder.id, await servedBooking(w, elder, '2031-02-28T17:00:00Z'), GOOD))
      .body;
    const february = (await rate(elder.id, await servedBooking(w, elder, '2031-02-20T04:00:00Z'), GOOD)).body;
    const ids = async (query: string) =>
      (await get(w.operator.id, `/operated${query}`)).body.map((r: { id: string }) => r.id).sort();
    expect(await ids('?month=2031-03')).toEqual([march.id, firstOfMarch.id].sort());
    expect(await ids('?month=2031-02')).toEqual([february.id]);
    expect(await ids('?service=meals&month=2031-01')).toEqual([]);
    expect(await ids('?service=repairs')).toEqual([]);
    const bad = await get(w.operator.id, '/operated?month=2031-13');
    expect(bad.status).toBe(400);

    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        send('post', w.operator.id, `/ratings/${march.id}/reply`, { text: `回复 ${i}` }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(4);
    const kept = replies.find((r) => r.status === 200)!.body.reply.text;
    const seen = (await get(elder.id, '/ratings/mine')).body.find((r: { id: string }) => r.id === march.id);
    expect(seen.reply.text).toBe(kept);
  });

  it("residents read a provider's public replies, newest first, never with a name", async () => {
    const w = await makeCanteen(api);
    const other = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const neighbour = await makeElder(api, w, { age: 70 });
    const signed = (
      await rate(elder.id, await servedBooking(w, elder, '2031-03-18T04:00:00Z'), GOOD, {
        comment: '汤太咸',
        signed: true,
      })
    ).body;
    const later = (await rate(elder.id, await servedBooking(w, elder, '2031-03-19T04:00:00Z'), GOOD)).body;
    await rate(elder.id, await servedBooking(w, elder, '2031-03-19T05:00:00Z'), GOOD, {
      comment: '没回复的',
    });
    await send('post', w.operator.id, `/ratings/${signed.id}/reply`, { text: '已经减盐' });
    api.clock.advance(60_000);
    await send('post', w.operator.id, `/ratings/${later.id}/reply`, { text: '谢谢' });

    const res = await get(neighbour.id, `/meals/providers/${w.canteen.id}/replies`);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { id: string }) => r.id)).toEqual([later.id, signed.id]);
    expect(res.body[1]).toMatchObject({ comment: '汤太咸', reply: { text: '已经减盐' } });
    expect(JSON.stringify(res.body)).not.toContain(elder.id);
    expect(res.body[1]).not.toHaveProperty('rater');
    expect((await get(neighbour.id, `/meals/providers/${w.canteen.id}/replies?limit=1`)).body).toHaveLength(
      1,
    );
    expect((await get(neighbour.id, `/meals/providers/${other.canteen.id}/replies`)).body).toEqual([]);
  });

  it("a committee sees its own community's figures only, matching a constructed month", async () => {
    const w = await makeCanteen(api);
    const other = await makeCanteen(api);
    const elders = await Promise.all(
      Array.from({ length: 6 }, async () =>
        makeElder(api, w, { age: 75, household: await makeHousehold({ building: w.building }) }),
      ),
    );
    // March: 7 served, 5 rated (taste 5,4,4,3,5 = 21/5 → 420; portion 4,4,3,3,2 = 16/5 → 320;
    // onTime 5,5,5,4,4 = 23/5 → 460); share 5/7 = 71.428…% → 7143. February: 2 rated, no average.
    const march = [
      { taste: 5, portion: 4, onTime: 5 },
      { taste: 4, portion: 4, onTime: 5 },
      { taste: 4, portion: 3, onTime: 5 },
      { taste: 3, portion: 3, onTime: 4 },
      { taste: 5, portion: 2, onTime: 4 },
    ];
    for (const [i, scores] of march.entries()) {
      const booking = await servedBooking(w, elders[i], `2031-03-1${i}T04:00:00Z`);
      expect((await rate(elders[i].id, booking, scores, i === 3 ? { comment: '菜凉了' } : {})).status).toBe(
        201,
      );
    }
    await servedBooking(w, elders[5], '2031-03-15T04:00:00Z');
    await servedBooking(w, elders[5], '2031-03-31T15:00:00Z'); // 23:00 in Shanghai: still March
    await servedBooking(w, elders[5], '2031-03-31T16:30:00Z'); // April in Shanghai
    for (const i of [0, 1]) {
      const feb = await servedBooking(w, elders[i], '2031-02-10T04:00:00Z');
      api.clock.set('2031-02-11T04:00:00Z');
      await rate(elders[i].id, feb, GOOD);
      api.clock.set('2031-03-20T04:00:00Z');
    }

    const figures = await request(api.url)
      .get(`/api/v1/evaluations/communities/${w.community.id}/figures?service=meals&month=2031-03`)
      .set(await as(w.committee.id));
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({
      averages: { taste: { value: 420 }, portion: { value: 320 }, onTime: { value: 460 } },
      ratings: 5,
      served: 7,
      ratedSharePercentX100: 7143,
    });
    // Worst first: portion 3 + taste 3 + onTime 4 = 10/3, with its comment.
    expect(figures.body.worst[0]).toMatchObject({ scores: march[3], comment: '菜凉了' });
    expect(figures.body.worst[0]).not.toHaveProperty('rater');
    expect(figures.body.trend).toHaveLength(12);
    expect(figures.body.trend.at(-1)).toEqual({
      month: '2031-03',
      ratings: 5,
      averages: { taste: 420, portion: 320, onTime: 460 },
    });
    expect(figures.body.trend.at(-2)).toEqual({
      month: '2031-02',
      ratings: 2,
      averages: { taste: null, portion: null, onTime: null },
    });

    const february = await request(api.url)
      .get(`/api/v1/evaluations/communities/${w.community.id}/figures?service=meals&month=2031-02`)
      .set(await as(w.committee.id));
    expect(february.body.averages.taste).toEqual({ value: null, reason: 'fewerThanFiveRatings' });

    const foreign = await request(api.url)
      .get(`/api/v1/evaluations/communities/${w.community.id}/figures?service=meals&month=2031-03`)
      .set(await as(other.committee.id));
    expect(foreign.status).toBe(403);
    const theirs = await request(api.url)
      .get(`/api/v1/evaluations/communities/${other.community.id}/figures?service=meals&month=2031-03`)
      .set(await as(other.committee.id));
    expect(theirs.body).toMatchObject({ ratings: 0, served: 0, ratedSharePercentX100: null });

    // The canteen's page: 7 ratings in 12 months (overall over all 21 scores).
    const score = await get(elders[0].id, `/meals/providers/${w.canteen.id}/score`);
    expect(score.status).toBe(200);
    expect(score.body).toMatchObject({ ratings: 7, averages: { taste: { value: roundHalfUp(21 + 10, 7) } } });
  });
});

describe('personal data', () => {
  it('ratings are exported, and anonymised on deletion so the figures stay', async () => {
    const w = await makeCanteen(api);
    const elder = await makeElder(api, w, { age: 75 });
    const booking = await servedBooking(w, elder, '2031-03-19T04:00:00Z');
    await rate(elder.id, booking, GOOD, { comment: '302 室的王阿姨觉得好', signed: true });
    const exported = await request(api.url)
      .get('/api/v1/me/export')
      .set(await as(elder.id));
    expect(exported.body.evaluations.ratings).toEqual([
      expect.objectContaining({ itemId: booking, scores: GOOD }),
    ]);
    await request(api.url)
      .delete('/api/v1/me')
      .set(await as(elder.id))
      .send({ confirm: 'DELETE' })
      .expect((r) => {
        if (r.status >= 300) throw new Error(`delete failed: ${r.status}`);
      });
    const left = await RatingModel.findOne({ itemId: booking }).lean();
    expect(left).toMatchObject({ raterId: null, signed: false, scores: GOOD });
    expect(left).not.toHaveProperty('comment');
  });
});

/** (sum × 100) / n rounded half up, for the expectations above. */
function roundHalfUp(sum: number, n: number) {
  return Math.floor((200 * sum + n) / (2 * n));
}
