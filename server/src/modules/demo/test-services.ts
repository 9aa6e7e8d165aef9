/**
 * The services the demo seed needs, wired as modules/index.ts wires them over a test server's
 * database, for the demo-seed tests of every module. Each test adds its own module's services to
 * `seed` (and may swap the scheduler or uploads when the running server already registered them).
 */
import { EventBus } from '../../platform/events';
import type { Scheduler } from '../../platform/scheduler';
import { captureLogger, testConfig } from '../../platform/testing';
import type { UploadService } from '../../platform/uploads';
import type { TestApi } from '../../test-support/api';
import { createAuditService } from '../audit/service';
import { createCommunitiesService } from '../communities/service';
import type { DomainEvents } from '../domain-events';
import { createIdentityModule } from '../identity';
import { createCanteenService } from '../meals/canteen-service';
import { createMembershipCore } from '../membership';

export function demoTestServices(
  api: TestApi,
  overrides: { scheduler?: Scheduler; uploads?: UploadService } = {},
) {
  const { logger } = captureLogger();
  const events = new EventBus<DomainEvents>(logger);
  const realtime = {
    toUsers: async () => {},
    toRoom: async () => {},
    connectedUsers: async () => new Set<string>(),
  };
  const deps = {
    config: testConfig(),
    logger,
    events,
    clock: api.clock,
    realtime,
    wechat: undefined,
    scheduler: overrides.scheduler ?? api.scheduler,
    uploads: overrides.uploads ?? api.running.uploads,
  };
  const communities = createCommunitiesService();
  const audit = createAuditService({ clock: api.clock });
  const core = createMembershipCore({ ...deps, communities, audit });
  const identity = createIdentityModule({ ...deps, homesOf: core.homesOf });
  const membership = core.complete(identity.users, identity.forgetActor);
  const canteens = createCanteenService({ communities, clock: api.clock, events });
  return {
    deps,
    audit,
    identity,
    membership,
    /** What seedDemo takes before any module's own services are added. */
    seed: { clock: api.clock, logger, communities, users: identity.users, ...membership, canteens },
  };
}
