/** The pledges demo: an open garden with all three kinds of need, rewards and a convention, once. */
import { EventBus } from '../../platform/events';
import { captureLogger } from '../../platform/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCommunity } from '../communities/test-factories';
import type { DomainEvents } from '../domain-events';
import { createConventionService } from './convention/service';
import { DEMO_GARDEN_TITLE, seedPledgesDemo } from './demo-seed';
import { createLedger } from './points/ledger';
import { createPointsService } from './points/service';
import { createProjectService } from './projects/service';
import { createCommunitiesService } from '../communities/service';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

it('seeds an open garden with money, goods and labour needs, a reward catalogue and a convention, once', async () => {
  const { logger } = captureLogger();
  const events = new EventBus<DomainEvents>(logger);
  const clock = api.clock;
  const projects = createProjectService({
    clock,
    events,
    scheduler: api.scheduler,
    uploads: api.running.uploads,
  });
  const points = createPointsService({
    clock,
    events,
    ledger: createLedger(),
    audit: { record: async () => ({}) as never },
  });
  const convention = createConventionService({ clock, events, communities: createCommunitiesService() });
  const community = await makeCommunity();
  const committee = {
    userId: '665f1c2ab7e4a1d2c3b4a5f6',
    grants: [{ role: 'committee' as const, communityId: community.id }],
    homes: [],
    tags: [],
  };
  for (let run = 0; run < 2; run += 1)
    await seedPledgesDemo({ projects, points, convention }, clock, community.id, committee);

  const list = await projects.list({ communityIds: [community.id] });
  expect(list.map((p) => [p.title, p.status])).toEqual([[DEMO_GARDEN_TITLE, 'open']]);
  const kinds = (await projects.needsOf(list[0]._id)).map((n) => n.kind);
  expect(kinds).toEqual(['money', 'goods', 'labour', 'labour']);
  expect((await points.rewards(community.id, true)).length).toBe(3);
  expect((await convention.versions(community.id)).map((v) => v.version)).toEqual([1]);
});
