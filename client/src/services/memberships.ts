/**
 * Belonging to a household: the resident asks to join one (found by building and unit, one door at
 * a time: residents cannot list who lives where) and follows the request; the committee decides.
 * `membershipsChanged` fires on a live decision (realtime.ts) and after the person's own changes.
 */
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import type { MembershipRelation } from '@linli/shared/identity';
import { MembershipView } from '@linli/shared/membership';
import { ApiError } from './api-error';
import { api } from './api';
import { createSignal } from './signal';

export const membershipsChanged = createSignal();
/**
 * The committee's queue of pending requests changed (a live room event, realtime.ts, also after
 * every reconnect since room events are not replayed): the approvals page refetches.
 */
export const membershipQueueChanged = createSignal();

const MembershipList = z.object({ items: z.array(MembershipView) });
const MembershipPage = pageOf(MembershipView);
export type MembershipPage = z.infer<typeof MembershipPage>;
const FoundHousehold = z.object({ id: z.string(), label: z.string() });
export type FoundHousehold = z.infer<typeof FoundHousehold>;

export async function listMyMemberships(): Promise<MembershipView[]> {
  return (await api.get('/api/v1/memberships/mine', { schema: MembershipList })).items;
}

/**
 * What to try for the building a person typed: as typed, and '3' also as '3号楼', since the
 * buildings are named the way the sign on the wall reads and people often type just the number.
 */
export function buildingNameCandidates(typed: string): string[] {
  const name = typed.trim().replace(/\s+/g, '');
  if (!name) return [];
  if (/^\d+$/.test(name)) return [name, `${name}号楼`];
  if (/^\d+号$/.test(name)) return [name, `${name}楼`];
  return [name];
}

/** The household at this building and unit, or null when there is none. */
export async function findHousehold(
  communityId: string,
  building: string,
  unit: string,
): Promise<FoundHousehold | null> {
  for (const candidate of buildingNameCandidates(building)) {
    const query = `building=${encodeURIComponent(candidate)}&unit=${encodeURIComponent(unit.trim())}`;
    try {
      return await api.get(
        `/api/v1/communities/${encodeURIComponent(communityId)}/households/lookup?${query}`,
        {
          schema: FoundHousehold,
        },
      );
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
  return null;
}

export async function requestMembership(
  householdId: string,
  relation: MembershipRelation,
): Promise<MembershipView> {
  const created = await api.post(
    '/api/v1/memberships',
    { householdId, relation },
    { schema: MembershipView },
  );
  membershipsChanged.emit();
  return created;
}

/** Withdraws a pending request or leaves a household. */
export async function leaveMembership(membershipId: string): Promise<void> {
  await api.delete(`/api/v1/memberships/${encodeURIComponent(membershipId)}`);
  membershipsChanged.emit();
}

// ---------------------------------------------------------------- the committee's side

export function listPendingMemberships(communityId: string, page = 1): Promise<MembershipPage> {
  const query = `communityId=${encodeURIComponent(communityId)}&status=pending&page=${page}&pageSize=50`;
  return api.get(`/api/v1/memberships?${query}`, { schema: MembershipPage });
}

export function approveMembership(membershipId: string): Promise<MembershipView> {
  return api.post(`/api/v1/memberships/${encodeURIComponent(membershipId)}/approve`, undefined, {
    schema: MembershipView,
  });
}

export function rejectMembership(membershipId: string, reason: string): Promise<MembershipView> {
  return api.post(
    `/api/v1/memberships/${encodeURIComponent(membershipId)}/reject`,
    { reason: reason.trim() },
    { schema: MembershipView },
  );
}
