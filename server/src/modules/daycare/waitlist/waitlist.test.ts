/**
 * The waitlist over HTTP: the order follows the centre's published rules (sibling enrolled, lives
 * in the community, then date of enquiry), and the family sees its position with a window and
 * what it is based on.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { act, as, enquire, makeCentre, makeGuardian, SETTINGS, type CentreWorld } from '../test-factories';
import { makeResident } from '../../identity/test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

async function waitlist(world: CentreWorld, parentId: string, nickname: string) {
  const { id } = await enquire(api, world, parentId, { nickname });
  expect((await act(api, world.operator.id, id, 'reply', { text: '请候补' })).status).toBe(200);
  expect((await act(api, world.operator.id, id, 'waitlist')).status).toBe(200);
  api.clock.advance(60_000);
  return id;
}

it("orders the class's waitlist by the centre's rules, then by date, and tells each family its place", async () => {
  const world = await makeCentre(api);
  const outsider = await makeResident(api);
  const resident = await makeGuardian(api, world);
  const siblingFamily = await makeResident(api);
  const lateResident = await makeGuardian(api, world);

  // The third family already has a child enrolled at the centre (an infant).
  const older = await enquire(api, world, siblingFamily.id, { nickname: '哥哥', birthMonth: '2030-12' });
  for (const [who, action] of [
    [world.operator.id, 'reply'],
    [world.operator.id, 'waitlist'],
    [world.operator.id, 'offer'],
    [siblingFamily.id, 'accept'],
  ] as const)
    expect((await act(api, who, older.id, action, action === 'reply' ? { text: '好' } : {})).status).toBe(
      200,
    );

  const first = await waitlist(world, outsider.id, '一一');
  const second = await waitlist(world, resident.id, '二二');
  const third = await waitlist(world, siblingFamily.id, '三三');
  const fourth = await waitlist(world, lateResident.id, '四四');

  const queue = async () =>
    (
      await request(api.url)
        .get(`/api/v1/daycare/classes/${world.classes.toddler!.id}/waitlist`)
        .set(await as(api, world.operator.id))
    ).body.items.map((i: { childNickname: string }) => i.childNickname);
  expect(await queue()).toEqual(['三三', '二二', '四四', '一一']);

  const mine = await request(api.url)
    .get(`/api/v1/daycare/enquiries/${fourth}/waitlist`)
    .set(await as(api, lateResident.id));
  expect(mine.status).toBe(200);
  expect(mine.body).toMatchObject({ position: 3, of: 4, className: '托小班' });
  expect(mine.body.basedOn.rules).toEqual(['已有兄弟姐妹在园', '居住在本社区', '咨询先后']);
  expect(mine.body.basedOn).toMatchObject({
    capacity: 15,
    freeNow: 15,
    offersOutstanding: 0,
    acceptanceRate: 1,
  });
  expect(mine.body.summary).toMatch(/^预计/);
  expect(mine.body.basedOn.explanation).toContain('候补第 3 位');

  // The centre publishes plain date order: the queue follows.
  expect(
    (
      await request(api.url)
        .put(`/api/v1/daycare/centres/${world.centre.id}/settings`)
        .set(await as(api, world.operator.id))
        .send({ ...SETTINGS, priorityRules: [] })
    ).status,
  ).toBe(200);
  expect(await queue()).toEqual(['一一', '二二', '三三', '四四']);
  void first;
  void second;
  void third;
});

it('answers 409 for an enquiry that is not waitlisted', async () => {
  const world = await makeCentre(api);
  const parent = await makeGuardian(api, world);
  const { id } = await enquire(api, world, parent.id);
  const res = await request(api.url)
    .get(`/api/v1/daycare/enquiries/${id}/waitlist`)
    .set(await as(api, parent.id));
  expect(res.status).toBe(409);
});
