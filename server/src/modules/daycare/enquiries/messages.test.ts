/**
 * Messages between a family and a centre, live both ways, with unread counts per side; status
 * changes reach the family and the centre's staff live too.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { closeAll, listen } from '../../meals/test-people';
import { act, as, enquire, makeCentre, makeGuardian } from '../test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it('a reply and messages reach the other side live, and each side counts what it has not read', async () => {
  const world = await makeCentre(api);
  const parent = await makeGuardian(api, world);
  const { id } = await enquire(api, world, parent.id);
  const [family, centre] = await listen(api, [parent.id, world.operator.id]);
  try {
    const heard = family!.event('daycare.enquiryChanged');
    const heardMessage = family!.event('daycare.message');
    const replied = await act(api, world.operator.id, id, 'reply', { text: '您好，欢迎周三来参观' });
    expect(replied.body.status).toBe('replied');
    expect((await heard).payload).toMatchObject({ enquiryId: id, status: 'replied' });
    expect((await heardMessage).payload).toMatchObject({ enquiryId: id, from: 'centre' });

    const centreHears = centre!.next((r) => r.event === 'daycare.message' && r.payload.from === 'guardian');
    const sent = await act(api, parent.id, id, 'messages', { text: '周三上午可以吗？' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ from: 'guardian', mine: true });
    expect((await centreHears).payload).toMatchObject({ enquiryId: id, from: 'guardian' });

    const unread = async (userId: string) =>
      (
        await request(api.url)
          .get('/api/v1/daycare/unread')
          .set(await as(api, userId))
      ).body;
    expect((await unread(parent.id)).guardian).toBe(1);
    expect((await unread(world.operator.id)).centres).toEqual([{ providerId: world.centre.id, unread: 1 }]);
    const view = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${id}`)
      .set(await as(api, world.operator.id));
    expect(view.body.unread).toBe(1);

    expect((await act(api, parent.id, id, 'read')).status).toBe(204);
    expect((await unread(parent.id)).guardian).toBe(0);
    expect((await unread(world.operator.id)).centres[0].unread).toBe(1);

    const thread = await request(api.url)
      .get(`/api/v1/daycare/enquiries/${id}/messages`)
      .set(await as(api, parent.id));
    expect(
      thread.body.items.map((m: { from: string; text: string; mine: boolean }) => [m.from, m.text, m.mine]),
    ).toEqual([
      ['centre', '您好，欢迎周三来参观', false],
      ['guardian', '周三上午可以吗？', true],
    ]);
  } finally {
    closeAll([family!, centre!]);
  }
});

it("lists the centre's inbox with unread enquiries first", async () => {
  const world = await makeCentre(api);
  const quiet = await enquire(api, world, (await makeGuardian(api, world)).id);
  api.clock.advance(60_000);
  const newer = await enquire(api, world, (await makeGuardian(api, world)).id);
  const talker = await makeGuardian(api, world);
  api.clock.advance(-120_000);
  const older = await enquire(api, world, talker.id);
  api.clock.advance(120_000);
  await act(api, world.operator.id, older.id, 'reply', { text: '您好' });
  await act(api, talker.id, older.id, 'messages', { text: '谢谢！' });
  const inbox = await request(api.url)
    .get(`/api/v1/daycare/centres/${world.centre.id}/enquiries`)
    .set(await as(api, world.operator.id));
  expect(inbox.body.items.map((e: { id: string }) => e.id)).toEqual([older.id, newer.id, quiet.id]);
  const onlyNew = await request(api.url)
    .get(`/api/v1/daycare/centres/${world.centre.id}/enquiries?status=new`)
    .set(await as(api, world.operator.id));
  expect(onlyNew.body.items.map((e: { id: string }) => e.id)).toEqual([newer.id, quiet.id]);
});
