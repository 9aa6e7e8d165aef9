/**
 * One caller per kind of access the document's `x-access` can name, built with the factories the
 * module tests use, plus a few records of each kind (a menu, a booking, a notice, a standing
 * order, a carer link) so that real ids exist for path parameters to point at.
 */
import request from 'supertest';
import { makeStaff } from '../../server/src/modules/identity/test-factories';
import { makeCanteen, makeElder, makeMenu, tokenFor } from '../../server/src/modules/meals/test-factories';
import { makeCarer } from '../../server/src/modules/meals/test-people';
import { makeAdmin } from '../../server/src/modules/membership/test-factories';
import { published } from '../../server/src/modules/notices/test-factories';
import type { TestApi } from '../../server/src/test-support/api';

export const CALLER_KINDS = ['resident', 'carer', 'committee', 'operator', 'technician', 'admin'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

export interface Caller {
  kind: CallerKind | 'anonymous';
  userId?: string;
  token?: string;
}

/** Which staff role each staff caller holds (the others are residents). */
const ROLE_OF: Partial<Record<CallerKind, string>> = {
  committee: 'committee',
  operator: 'operator',
  technician: 'technician',
  admin: 'admin',
};

export async function makeCallers(api: TestApi): Promise<Record<CallerKind, Caller>> {
  const world = await makeCanteen(api);
  const elder = await makeElder(api, world, { age: 80 });
  const carer = await makeCarer(api, elder.id);
  const technician = await makeStaff(api, {
    grants: [{ role: 'technician', communityId: world.community.id, providerId: world.canteen.id }],
  });
  const admin = await makeAdmin(api);

  // Records for ids to point at; their creation is not under test, so any failure stops here.
  const menu = await makeMenu(api, world, { date: '2031-03-05' });
  const booked = await request(api.url)
    .post('/api/v1/meals/bookings')
    .set(api.bearer(await tokenFor(api, elder.id)))
    .send({ menuId: menu.id, mode: 'dine-in' });
  if (booked.status !== 201)
    throw new Error(`booking failed: ${booked.status} ${JSON.stringify(booked.body)}`);
  const standing = await request(api.url)
    .post('/api/v1/meals/standing-orders')
    .set(api.bearer(carer.accessToken))
    .send({
      elderUserId: elder.id,
      providerId: world.canteen.id,
      weekdays: [1, 3],
      meal: 'lunch',
      mode: 'pickup',
    });
  if (standing.status !== 201)
    throw new Error(`standing order failed: ${standing.status} ${JSON.stringify(standing.body)}`);
  await published(api, world.committee, { communityId: world.community.id });

  const as = (kind: CallerKind, made: { id: string; accessToken: string }): Caller => ({
    kind,
    userId: made.id,
    token: made.accessToken,
  });
  return {
    resident: as('resident', elder),
    carer: as('carer', carer),
    committee: as('committee', world.committee),
    operator: as('operator', world.operator),
    technician: as('technician', technician),
    admin: as('admin', admin),
  };
}

/** The callers a route's `x-access` lets through: anonymous for public, everyone for signedIn. */
export function callersFor(access: unknown, callers: Record<CallerKind, Caller>): Caller[] {
  if (access === 'public') return [{ kind: 'anonymous' }];
  if (access === 'signedIn') return CALLER_KINDS.map((kind) => callers[kind]);
  if (Array.isArray(access)) {
    const allowed = CALLER_KINDS.filter((kind) => ROLE_OF[kind] && access.includes(ROLE_OF[kind]));
    if (allowed.length > 0) return allowed.map((kind) => callers[kind]);
  }
  throw new Error(`x-access ${JSON.stringify(access)} names no caller this walk can make`);
}

/** Whether every caller can still act (a fuzz case may have signed one out or deleted them). */
export async function allAlive(api: TestApi, callers: Record<CallerKind, Caller>): Promise<boolean> {
  const answers = await Promise.all(
    CALLER_KINDS.map((kind) =>
      request(api.url)
        .get('/api/v1/me')
        .set(api.bearer(callers[kind].token ?? '')),
    ),
  );
  return answers.every((res) => res.status === 200);
}
