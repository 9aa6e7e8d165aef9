/**
 * Children's records are the guardian's: in the guardian's export; a withdrawn or declined
 * enquiry's child data deleted by the scheduler after the retention period (180 days by default);
 * deleting the account removes them and passes an offered place on.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCarer } from '../meals/test-people';
import { tokenFor } from '../meals/test-factories';
import { ClassModel } from './centres/model';
import { EnquiryModel, MessageModel } from './enquiries/model';
import { act, as, CONSENT, enquire, makeCentre, makeGuardian } from './test-factories';

const DAY = 24 * 3600_000;
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it("puts the child, the consents and the conversation in the guardian's export, not the preparer's", async () => {
  const world = await makeCentre(api);
  const parent = await makeGuardian(api, world);
  const grandpa = await makeCarer(api, parent.id);
  const { id } = await enquire(api, world, grandpa.id, { forGuardianId: parent.id, nickname: '朵朵' });
  await act(api, parent.id, id, 'confirm', { consent: CONSENT });
  await act(api, world.operator.id, id, 'reply', { text: '欢迎来园' });
  const mine = await request(api.url)
    .get('/api/v1/me/export')
    .set(await as(api, parent.id));
  expect(mine.body.daycare.enquiries).toEqual([
    expect.objectContaining({
      id,
      child: { nickname: '朵朵', birthMonth: '2030-05' },
      consents: [
        expect.objectContaining({ userId: grandpa.id }),
        expect.objectContaining({ userId: parent.id }),
      ],
      messages: [expect.objectContaining({ from: 'centre', text: '欢迎来园' })],
    }),
  ]);
  const his = await request(api.url)
    .get('/api/v1/me/export')
    .set(await as(api, grandpa.id));
  expect(his.body.daycare.enquiries).toEqual([]);
  expect(his.body.daycare.preparedForOthers).toEqual([expect.objectContaining({ id, status: 'replied' })]);
});

it('deleting the account removes the enquiries and passes an offered place to the next family', async () => {
  const world = await makeCentre(api, { classes: [{ name: '托小班', band: 'toddler', capacity: 1 }] });
  const leaving = await makeGuardian(api, world);
  const next = await makeGuardian(api, world);
  const a = await enquire(api, world, leaving.id);
  const b = await enquire(api, world, next.id);
  for (const e of [a, b]) {
    await act(api, world.operator.id, e.id, 'reply', { text: '您好' });
    await act(api, world.operator.id, e.id, 'waitlist');
  }
  expect((await act(api, world.operator.id, a.id, 'offer')).status).toBe(200);
  await act(api, leaving.id, a.id, 'messages', { text: '谢谢' });
  const deleted = await request(api.url)
    .delete('/api/v1/me')
    .set(await as(api, leaving.id))
    .send({ confirm: 'DELETE' });
  expect(deleted.status).toBe(204);
  expect(await EnquiryModel.countDocuments({ guardianId: leaving.id })).toBe(0);
  expect(await MessageModel.countDocuments({ enquiryId: a.id })).toBe(0);
  expect((await EnquiryModel.findById(b.id).lean())!.status).toBe('offered');
  expect((await ClassModel.findById(world.classes.toddler!.id).lean())!.taken).toBe(1);
});

it('deletes a declined enquiry’s child data after the retention period, and keeps an open one', async () => {
  const world = await makeCentre(api);
  const declinedParent = await makeGuardian(api, world);
  const openParent = await makeGuardian(api, world);
  const declined = await enquire(api, world, declinedParent.id, { nickname: '小雨' });
  const open = await enquire(api, world, openParent.id, { nickname: '小雪' });
  await act(api, world.operator.id, declined.id, 'reply', { text: '您好' });
  expect(
    (await act(api, world.operator.id, declined.id, 'decline', { reason: '小雨暂不适合入托' })).status,
  ).toBe(200);

  api.clock.advance(179 * DAY);
  await api.scheduler.runDue();
  expect((await EnquiryModel.findById(declined.id).lean())!.child.nickname).toBe('小雨');
  api.clock.advance(DAY + 60_000);
  await api.scheduler.runDue();
  const erased = (await EnquiryModel.findById(declined.id).lean())!;
  expect(erased.child).toEqual({ nickname: '', birthMonth: '' });
  expect(erased.childErasedAt).toBeDefined();
  expect(erased.declineReason).toBeUndefined();
  expect(JSON.stringify(erased.history)).not.toContain('小雨');
  expect(await MessageModel.countDocuments({ enquiryId: declined.id })).toBe(0);
  // Counts survive: it is still one declined enquiry of a toddler.
  expect(erased).toMatchObject({ status: 'declined', ageBand: 'toddler' });
  const view = await request(api.url)
    .get(`/api/v1/daycare/enquiries/${declined.id}`)
    .set(api.bearer(await tokenFor(api, declinedParent.id)));
  expect(view.body).toMatchObject({ childErased: true, actions: [] });
  expect((await EnquiryModel.findById(open.id).lean())!.child.nickname).toBe('小雪');
});
