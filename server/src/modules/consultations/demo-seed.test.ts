/**
 * The demo seed's consultations: one open household vote and one owners' decision on using the
 * maintenance fund, over the demo households' areas, with three unsold units counted as the
 * developer's; a second run adds nothing. The demo committee then sees the gauges.
 */
import request from 'supertest';
import type { UploadService } from '../../platform/uploads';
import { startTestApi, type TestApi } from '../../test-support/api';
import { seedDemo } from '../demo/seed';
import { demoTestServices } from '../demo/test-services';
import { UserModel } from '../identity/user-model';
import { tokenFor } from '../meals/test-factories';
import { createConsultationsModule } from '.';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

function services() {
  const real = api.running.uploads;
  const { seed, deps, audit, membership, identity } = demoTestServices(api, {
    // The server already handles the consultation jobs; this second copy of the modules must not.
    scheduler: { handle: () => {}, schedule: async () => {}, cancel: async () => {}, runDue: async () => 0 },
    // As for the scheduler: the server registered the upload access of these record kinds already.
    uploads: {
      attach: (...args: Parameters<UploadService['attach']>) => real.attach(...args),
      present: (refs: Parameters<UploadService['present']>[0]) => real.present(refs),
      removeFor: (owner: Parameters<UploadService['removeFor']>[0]) => real.removeFor(owner),
      removeSome: (...args: Parameters<UploadService['removeSome']>) => real.removeSome(...args),
      listByUploader: (id: string) => real.listByUploader(id),
      removeByUploader: (id: string) => real.removeByUploader(id),
      registerAccess: () => {},
    },
  });
  const { communities } = seed;
  const consultations = createConsultationsModule({
    ...deps,
    communities: {
      getCommunity: (id) => communities.getCommunity(id),
      listBuildings: (id) => communities.listBuildings(id),
      householdsOf: async (id) =>
        (await communities.allHouseholdsOf(id)).map((h) => ({
          ...h,
          areaCenti: h.areaCentiSquareMetres,
        })),
      getHousehold: async (id) => {
        const h = await communities.getHousehold(id);
        return { ...h, areaCenti: h.areaCentiSquareMetres };
      },
      setHouseholdArea: async (id, area) => {
        const h = await communities.updateHousehold(id, { area });
        return { ...h, areaCenti: h.areaCentiSquareMetres };
      },
    },
    memberships: membership.memberships,
    carerLinks: membership.carerLinks,
    users: identity.users,
    audit,
  });
  return { ...seed, consultations };
}

it('seeds an open consultation and an owners’ decision on the maintenance fund, once', async () => {
  const seeded = await seedDemo(services());
  await seedDemo(services());
  const signIn = await request(api.url)
    .post('/api/v1/auth/staff')
    .send({ username: 'committee', password: seeded.password });
  const committee = api.bearer(signIn.body.accessToken);
  const list = await request(api.url)
    .get(`/api/v1/consultations?communityId=${seeded.communityId}`)
    .set(committee);
  expect(list.body.items.map((c: { title: string; status: string }) => [c.status, c.title])).toEqual([
    ['voting', '使用专项维修资金更换 1 号楼电梯'],
    ['voting', '儿童游乐场改造：选出最想要的设施'],
  ]);
  const owners = list.body.items[0];
  const turnout = await request(api.url).get(`/api/v1/consultations/${owners.id}/turnout`).set(committee);
  expect(turnout.body.eligible).toBe(60);
  // 60 units: 3 unsold count as one person, 57 units with no owner on record or one owner each.
  expect(turnout.body.gauges[1]).toMatchObject({ key: 'participationOwners', of: 58, value: 0 });
  expect(turnout.body.gauges[0].of).toBeGreaterThan(400000);
  expect(turnout.body.missing.participation).toMatch(/^还差 39 位业主和 [\d,]+\.\d\d m²，即可达到参与门槛$/);

  // 王奶奶 (an owner in 1号楼) can vote in the owners' decision.
  const wang = await UserModel.findOne({ displayName: '王奶奶' }).lean();
  const view = await request(api.url)
    .get(`/api/v1/consultations/${owners.id}`)
    .set(api.bearer(await tokenFor(api, String(wang!._id))));
  expect(view.body.actions).toContain('vote');
});
