/**
 * Room names, built in one place so the socket that joins a room and the module that emits to it
 * always agree. A socket joins its rooms once, at connection, from its Actor: a membership approved
 * or a grant given later counts from the next connection.
 */
import type { RoleGrant } from '@linli/shared';
import type { Actor } from '../context';

export const userRoom = (userId: string) => `user:${userId}`;
export const communityRoom = (communityId: string) => `community:${communityId}`;
export const buildingRoom = (buildingId: string) => `building:${buildingId}`;
/** A provider's staff (a canteen, a daycare centre, a repair team): its operators and technicians. */
export const providerRoom = (providerId: string) => `provider:${providerId}`;

/** Staff holding a role in a community (`staff:<communityId>:committee`), or every admin. */
export function staffRoom(grant: RoleGrant): string {
  return grant.role === 'admin' ? 'staff:admin' : `staff:${grant.communityId}:${grant.role}`;
}

export function roomsOf(actor: Actor): string[] {
  const rooms = new Set([userRoom(actor.userId)]);
  for (const home of actor.homes) {
    rooms.add(communityRoom(home.communityId));
    rooms.add(buildingRoom(home.buildingId));
  }
  for (const grant of actor.grants) {
    rooms.add(staffRoom(grant));
    if ('providerId' in grant) rooms.add(providerRoom(grant.providerId));
  }
  return [...rooms];
}
