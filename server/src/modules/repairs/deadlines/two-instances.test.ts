/**
 * Two instances sweeping at once: the server's scheduler and a second one, as another API instance
 * would run it (its own owner name, its own repairs handlers), both over the one database. Each
 * overdue ticket is escalated exactly once, whichever claimed it.
 *
 * Both schedulers share this process's database connection, so they race at the same instant on
 * the same conditional claim; two-processes.test.ts runs a second server process instead.
 */
import { createScheduler } from '../../../platform/scheduler';
import { captureLogger, testConfig } from '../../../platform/testing';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { createAuditService } from '../../audit/service';
import { createCommunitiesService } from '../../communities/service';
import { createIdentityModule } from '../../identity';
import { createMembershipCore } from '../../membership';
import { createCategoryService } from '../categories/service';
import { as, eventually, inboxOf, makeRepairWorld, reportHome, residentOf } from '../test-factories';
import { createTicketService } from '../tickets/service';
import { registerDeadlineJobs } from './jobs';

const HOUR = 3_600_000;
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
});
afterAll(() => api.stop());

/** A second instance's scheduler with the repairs handlers, announcing on the server's event bus. */
function secondInstance() {
  const { events, database } = api.running;
  const { logger: log } = captureLogger();
  // Its own deliveries go nowhere: what it announces goes on the server's bus, whose subscribers deliver.
  const realtime = {
    toUsers: async () => {},
    toRoom: async () => {},
    connectedUsers: async () => new Set<string>(),
  };
  const scheduler = createScheduler({
    connection: database.connection,
    clock: api.clock,
    logger: log,
    owner: 'instance-2',
  });
  const communities = createCommunitiesService();
  const audit = createAuditService({ clock: api.clock });
  const deps = {
    config: testConfig(),
    logger: log,
    events,
    clock: api.clock,
    realtime,
    wechat: undefined,
    scheduler,
    uploads: api.running.uploads,
  };
  const core = createMembershipCore({ ...deps, communities, audit });
  const identity = createIdentityModule({ ...deps, homesOf: core.homesOf });
  const membership = core.complete(identity.users, identity.forgetActor);
  const categories = createCategoryService({ communities });
  const tickets = createTicketService({
    categories,
    communities,
    memberships: membership.memberships,
    users: identity.users,
    audit,
    events,
    clock: api.clock,
    scheduler,
    uploads: undefined,
  });
  registerDeadlineJobs(scheduler, tickets);
  return scheduler;
}

it('escalates each overdue ticket once while two instances sweep at the same moment', async () => {
  const second = secondInstance();
  const world = await makeRepairWorld(api);
  const resident = await residentOf(api, world);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await reportHome(api, world, resident)).id);
  api.clock.advance(25 * HOUR);
  const [here, there] = await Promise.all([api.scheduler.runDue(), second.runDue()]);
  expect(here + there).toBe(12);
  expect(await Promise.all([api.scheduler.runDue(), second.runDue()])).toEqual([0, 0]);
  await eventually(async () => expect(await inboxOf(world.committee.id, 'repair.overdue')).toHaveLength(12));
  const escalated = (await inboxOf(world.committee.id, 'repair.overdue')).map((e) => e.payload.ticketId);
  expect(new Set(escalated)).toEqual(new Set(ids));
  const seen = (await (await as(api, world.operator)).get(`/repairs/tickets/${ids[0]}`)).body;
  expect(seen).toMatchObject({ overdue: true, escalated: true });
});
