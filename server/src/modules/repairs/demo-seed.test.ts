/**
 * The demo seed's repairs: the property team's categories and a few tickets in different states,
 * built through the repairs services; running the seed again adds nothing.
 */
import { startTestApi, type TestApi } from '../../test-support/api';
import { DEMO_COMMUNITY_CODE, seedDemo } from '../demo/seed';
import { demoTestServices } from '../demo/test-services';
import { createCategoryService } from './categories/service';
import { RepairTicketModel } from './tickets/model';
import { createTicketService } from './tickets/service';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

function services() {
  const { seed, deps, audit, membership, identity } = demoTestServices(api);
  const { communities } = seed;
  const categories = createCategoryService({ communities });
  const tickets = createTicketService({
    categories,
    communities,
    memberships: membership.memberships,
    users: identity.users,
    audit,
    events: deps.events,
    clock: api.clock,
    scheduler: api.scheduler,
    uploads: undefined,
  });
  return { ...seed, repairs: { categories, tickets } };
}

it('seeds categories, two technicians and tickets in different states, once', async () => {
  const s = services();
  await seedDemo(s);
  const community = (await s.communities.findCommunityByCode(DEMO_COMMUNITY_CODE))!;
  const categories = await s.repairs.categories.ofCommunity(community.id, { activeOnly: true });
  expect(categories.map((c) => c.code).sort()).toEqual(['lift', 'light', 'plumbing']);
  const tickets = await RepairTicketModel.find({ communityId: community.id }).lean();
  expect(tickets.map((t) => t.status).sort()).toEqual(['closed', 'inProgress', 'resolved', 'submitted']);
  expect(tickets.find((t) => t.status === 'inProgress')!.meTooCount).toBe(2);
  for (const username of ['property', 'repair', 'repair2'])
    expect(await s.users.findByUsername(username)).toBeDefined();

  await seedDemo(s);
  expect(await RepairTicketModel.countDocuments({ communityId: community.id })).toBe(4);
  expect(await s.repairs.categories.ofCommunity(community.id, { activeOnly: false })).toHaveLength(3);
});
