/**
 * How a call reads on screen: who has been told (by their relation to the caller), who is coming,
 * how long it took, and the committee's ordering (ongoing first, oldest waiting on top).
 */
import type { EmergencyAlertView, EmergencyOutcome, EmergencyRecipientRole } from '@linli/shared/emergency';
import { t, type MessageKey } from '../i18n';

const ROLE_KEYS: Record<EmergencyRecipientRole, MessageKey> = {
  carer: 'emergencyRoleCarer',
  duty: 'emergencyRoleDuty',
  committee: 'emergencyRoleCommittee',
};

const OUTCOME_KEYS: Record<EmergencyOutcome, MessageKey> = {
  falseAlarm: 'emergencyOutcomeFalseAlarm',
  helpedAtHome: 'emergencyOutcomeHelpedAtHome',
  ambulanceCalled: 'emergencyOutcomeAmbulance',
  other: 'emergencyOutcomeOther',
};

export function outcomeName(outcome: EmergencyOutcome): string {
  return t(OUTCOME_KEYS[outcome]);
}

/** "王建国（家属）、居委会 刘主任（值班）": each person once, by the first reason they were told. */
export function toldLine(alert: Pick<EmergencyAlertView, 'told'>): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const r of alert.told) {
    if (seen.has(r.person.id)) continue;
    seen.add(r.person.id);
    names.push(t('emergencyToldPerson', { name: r.person.displayName, role: t(ROLE_KEYS[r.role]) }));
  }
  return names.join(t('listSeparator'));
}

/** 95 → "1 分 35 秒", 40 → "40 秒". */
export function durationText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? t('durationMinutes', { m, s }) : t('durationSeconds', { s });
}

/** The headline the caller reads, large: coming, told, or closed. */
export function callerHeadline(alert: EmergencyAlertView): string {
  if (alert.status === 'closed') return t('emergencyClosedHeadline');
  if (alert.acknowledgedBy) return t('emergencyOnTheWay', { name: alert.acknowledgedBy.displayName });
  return t('emergencyToldHeadline', { count: new Set(alert.told.map((r) => r.person.id)).size });
}

/** Ongoing calls first (the longest waiting on top), then closed ones, newest first. */
export function committeeOrder(alerts: readonly EmergencyAlertView[]): EmergencyAlertView[] {
  const ongoing = (a: EmergencyAlertView) => (a.status === 'closed' ? 1 : 0);
  return [...alerts].sort(
    (a, b) =>
      ongoing(a) - ongoing(b) ||
      (ongoing(a) === 0 ? a.raisedAt.localeCompare(b.raisedAt) : b.raisedAt.localeCompare(a.raisedAt)),
  );
}
