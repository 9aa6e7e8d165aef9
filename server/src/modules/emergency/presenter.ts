/**
 * Emergency alerts as people see them: who called and from which home, who has been told, who is on
 * the way, the outcome, and the actions this viewer may take. Phones are masked per identity's
 * policy (the person's community staff and the person see them in full).
 */
import type { EmergencyAlertView } from '@linli/shared';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import type { CommunitiesService } from '../communities';
import { presentPerson, type UserService } from '../identity';
import type { EmergencyAlertDoc } from './model';
import { alertActions, type AlertFacts } from './policy';

export interface EmergencyPresenterDeps {
  users: Pick<UserService, 'getUsers'>;
  communities: Pick<CommunitiesService, 'getHouseholds'>;
  clock: Clock;
  /** Whether the viewer is a confirmed carer of each of these people. */
  carerOf(actor: Actor, personIds: readonly string[]): Promise<Set<string>>;
}

export function emergencyPresenter({ users, communities, clock, carerOf }: EmergencyPresenterDeps) {
  return async function show(
    viewer: Actor,
    alerts: readonly EmergencyAlertDoc[],
  ): Promise<EmergencyAlertView[]> {
    const ids = new Set<string>();
    for (const a of alerts) {
      ids.add(String(a.personId));
      for (const t of a.told) ids.add(String(t.userId));
      if (a.acknowledgedBy) ids.add(String(a.acknowledgedBy));
      if (a.closedBy) ids.add(String(a.closedBy));
    }
    const [people, households, caredFor] = await Promise.all([
      users.getUsers([...ids]),
      communities.getHouseholds([...new Set(alerts.map((a) => String(a.householdId)))]),
      carerOf(viewer, [...new Set(alerts.map((a) => String(a.personId)))]),
    ]);
    const homes = new Map(households.map((h) => [h.id, h]));
    const now = clock.now().getTime();
    return alerts.map((a) => {
      const communityIds = [String(a.communityId)];
      const person = (id: unknown) =>
        presentPerson(viewer, people.get(String(id)) ?? { id: String(id), displayName: '' }, communityIds);
      const home = homes.get(String(a.householdId));
      const facts: AlertFacts = {
        personId: String(a.personId),
        communityId: String(a.communityId),
        status: a.status,
        escalated: a.escalated,
        told: a.told.map((t) => String(t.userId)),
        actorIsCarer: caredFor.has(String(a.personId)),
      };
      const waited = a.acknowledgedAt
        ? a.acknowledgedAt.getTime() - a.raisedAt.getTime()
        : a.status === 'open'
          ? now - a.raisedAt.getTime()
          : undefined;
      return {
        id: String(a._id),
        person: person(a.personId),
        communityId: String(a.communityId),
        householdId: String(a.householdId),
        ...(home ? { buildingName: home.buildingName, unit: home.unit } : {}),
        raisedAt: a.raisedAt.toISOString(),
        presses: a.presses,
        lastPressedAt: a.lastPressedAt.toISOString(),
        ...(a.location
          ? {
              location: {
                datum: a.location.datum,
                latitude: a.location.latitude,
                longitude: a.location.longitude,
                ...(a.location.accuracyM !== undefined ? { accuracyM: a.location.accuracyM } : {}),
              },
            }
          : {}),
        status: a.status,
        escalated: a.escalated,
        ...(a.escalatedAt ? { escalatedAt: a.escalatedAt.toISOString() } : {}),
        told: a.told.map((t) => ({
          person: person(t.userId),
          role: t.role,
          round: t.round,
          at: t.at.toISOString(),
        })),
        ...(a.acknowledgedBy ? { acknowledgedBy: person(a.acknowledgedBy) } : {}),
        ...(a.acknowledgedAt ? { acknowledgedAt: a.acknowledgedAt.toISOString() } : {}),
        ...(waited !== undefined ? { secondsToAcknowledge: Math.max(0, Math.floor(waited / 1000)) } : {}),
        ...(a.closedBy ? { closedBy: person(a.closedBy) } : {}),
        ...(a.closedAt ? { closedAt: a.closedAt.toISOString() } : {}),
        ...(a.outcome ? { outcome: a.outcome } : {}),
        ...(a.closeNote ? { closeNote: a.closeNote } : {}),
        actions: alertActions(viewer, facts),
      };
    });
  };
}
