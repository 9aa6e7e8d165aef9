/**
 * The demo seed builds 幸福里社区 through the services, and running it again adds nothing.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { createAuditService } from '../audit/service';
import { createCommunitiesService } from '../communities/service';
import { createIdentityModule } from '../identity';
import { createMembershipCore } from '../membership';
import { EventBus } from '../../platform/events';
import { captureLogger, testConfig } from '../../platform/testing';
import type { DomainEvents } from '../domain-events';
import { DEMO_PASSWORD, birthDateYearsAgo, seedDemo } from './seed';
import mongoose from 'mongoose';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** The services wired as modules/index.ts wires them, over the test server's database. */
function services() {
  const { logger } = captureLogger();
  const events = new EventBus<DomainEvents>(logger);
  const realtime = {
    toUsers: async () => {},
    toRoom: async () => {},
    connectedUsers: async () => new Set<string>(),
  };
  const deps = { config: testConfig(), logger, events, clock: api.clock, realtime, wechat: undefined };
  const communities = createCommunitiesService();
  const audit = createAuditService({ clock: api.clock });
  const core = createMembershipCore({ ...deps, communities, audit });
  const identity = createIdentityModule({ ...deps, homesOf: core.homesOf });
  const membership = core.complete(identity.users);
  return { clock: api.clock, logger, communities, users: identity.users, ...membership };
}

async function counts() {
  const db = mongoose.connection.db!;
  const names = [
    'communities',
    'buildings',
    'households',
    'providers',
    'users',
    'memberships',
    'carerlinks',
    'auditentries',
  ];
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()])),
  );
}

it('seeds the demo community once; a second run adds nothing', async () => {
  const first = await seedDemo(services());
  const after = await counts();
  expect(after).toMatchObject({
    communities: 1,
    buildings: 3,
    households: 60,
    providers: 2,
    memberships: 4,
    carerlinks: 1,
  });
  expect(after.users).toBe(8);
  await seedDemo(services());
  expect(await counts()).toEqual(after);
  expect(first.password).toBe(DEMO_PASSWORD);

  // The committee account signs in with the printed password and sees its community.
  const signIn = await request(api.url)
    .post('/api/v1/auth/staff')
    .send({ username: 'committee', password: DEMO_PASSWORD });
  expect(signIn.status).toBe(200);
  const token = signIn.body.accessToken;
  const residents = await request(api.url)
    .get(`/api/v1/communities/${first.communityId}/residents`)
    .set(api.bearer(token));
  const names = residents.body.items.map((r: { displayName: string }) => r.displayName);
  expect(names).toEqual(expect.arrayContaining(['王奶奶', '王建国', '李阿姨', '赵先生']));
  expect(residents.body.items.find((r: { displayName: string }) => r.displayName === '王奶奶').tags).toEqual([
    'livingAlone',
  ]);
  const links = await request(api.url)
    .get('/api/v1/carer-links')
    .query({ communityId: first.communityId, status: 'confirmed' })
    .set(api.bearer(token));
  expect(links.body.items).toEqual([
    expect.objectContaining({ carerName: '王建国', elderName: '王奶奶', status: 'confirmed' }),
  ]);
  const households = await request(api.url)
    .get(`/api/v1/communities/${first.communityId}/households`)
    .query({ pageSize: 5 })
    .set(api.bearer(token));
  expect(households.body.items[0]).toMatchObject({
    unit: expect.stringMatching(/^\d-10\d$/),
    area: expect.stringMatching(/^\d+\.\d\d$/),
  });
});

it('makes the elder 82 by the clock', () => {
  api.clock.set('2026-11-22T02:00:00Z');
  expect(birthDateYearsAgo(api.clock, 82)).toBe('1944-11-22');
  api.clock.set('2028-02-29T03:00:00Z');
  expect(birthDateYearsAgo(api.clock, 82)).toBe('1946-02-28');
});
