/**
 * The demo seed with daycare: one inclusive centre with three classes, visit slots and enquiries in
 * different states, seeded once; the demo operator signs in and sees them in the inbox.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { createCentreService } from '../daycare/centres/service';
import { createEnquiryService } from '../daycare/enquiries/service';
import { EnquiryModel } from '../daycare/enquiries/model';
import { VisitSlotModel } from '../daycare/centres/model';
import { DEMO_PASSWORD, seedDemo } from './seed';
import { demoTestServices } from './test-services';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

function services() {
  const { seed, deps, audit, membership } = demoTestServices(api);
  // Daycare's services as the module builds them (the running server already handles its jobs).
  const centres = createCentreService({
    communities: seed.communities,
    clock: api.clock,
    uploads: api.running.uploads,
  });
  const enquiries = createEnquiryService({
    centres,
    clock: api.clock,
    events: deps.events,
    scheduler: api.scheduler,
    audit,
    carerLinks: membership.carerLinks,
    homesOf: (userId) => membership.memberships.homesOf(userId),
    retentionDays: 180,
  });
  return { ...seed, daycare: { centres, enquiries } };
}

it('seeds an inclusive centre with three classes, visit slots and enquiries in different states, once', async () => {
  const summary = await seedDemo(services());
  expect(summary.staffUsernames).toContain('daycare');
  const statuses = async () =>
    (await EnquiryModel.find({}, { status: 1 }).lean()).map((e) => e.status).sort();
  expect(await statuses()).toEqual(['new', 'replied', 'visitBooked', 'waitlisted']);
  await seedDemo(services());
  expect(await statuses()).toEqual(['new', 'replied', 'visitBooked', 'waitlisted']);
  expect(await VisitSlotModel.countDocuments()).toBe(3);

  const signIn = await request(api.url)
    .post('/api/v1/auth/staff')
    .send({ username: 'daycare', password: DEMO_PASSWORD });
  expect(signIn.status).toBe(200);
  const token = api.bearer(signIn.body.accessToken);
  const grant = signIn.body.user.grants.find((g: { role: string }) => g.role === 'operator');
  const centre = await request(api.url).get(`/api/v1/daycare/centres/${grant.providerId}`).set(token);
  expect(centre.body).toMatchObject({ name: '幸福里普惠托育园', inclusive: true });
  expect(centre.body.classes.map((c: { name: string }) => c.name)).toEqual(['乳儿班', '托小班', '托大班']);
  expect(centre.body.fees[0]).toMatchObject({ schedule: 'fullDay', netFen: 180000 });
  const inbox = await request(api.url)
    .get(`/api/v1/daycare/centres/${grant.providerId}/enquiries`)
    .set(token);
  expect(inbox.body.total).toBe(4);
});
