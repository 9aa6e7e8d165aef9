/**
 * Emergency calls (一键呼叫) as the pages use them: raise (a second press joins the open call), my
 * calls, one call, acknowledge, close with an outcome, and the carers' and committee's screens
 * (which also list the meals module's wellness alerts). `emergencyChanged` fires on the realtime
 * 'emergency.alertChanged' and after a reconnect: the pages on screen refetch.
 */
import Taro from '@tarojs/taro';
import { z } from 'zod';
import {
  CareAlertsView,
  DutyRosterView,
  EmergencyAlertView,
  EmergencySettingsView,
  RaisedEmergencyView,
  type CloseEmergencyBody,
  type EmergencyLocation,
} from '@linli/shared/emergency';
import { api } from './api';
import { createSignal } from './signal';

const enc = encodeURIComponent;

export const emergencyChanged = createSignal();

/** The alert page; `?id=` shows one call (the WeChat message opens it so). */
export const EMERGENCY_ALERT_PAGE = '/packages/emergency/pages/alert/index';
export const EMERGENCY_CARE_PAGE = '/packages/emergency/pages/care/index';
export const EVALUATIONS_PAGE = '/packages/emergency/pages/evaluations/index';
export const EMERGENCY_SETTINGS_PAGE = '/packages/emergency/pages/settings/index';

export function raiseEmergency(location?: EmergencyLocation): Promise<RaisedEmergencyView> {
  return api.post('/api/v1/emergency/alerts', location ? { location } : {}, { schema: RaisedEmergencyView });
}

export function myEmergencies(limit = 10): Promise<EmergencyAlertView[]> {
  return api.get(`/api/v1/emergency/alerts/mine?limit=${limit}`, { schema: z.array(EmergencyAlertView) });
}

export function emergencyAlert(alertId: string): Promise<EmergencyAlertView> {
  return api.get(`/api/v1/emergency/alerts/${enc(alertId)}`, { schema: EmergencyAlertView });
}

export function acknowledgeEmergency(alertId: string): Promise<EmergencyAlertView> {
  return api.post(`/api/v1/emergency/alerts/${enc(alertId)}/acknowledge`, {}, { schema: EmergencyAlertView });
}

export function closeEmergency(alertId: string, body: CloseEmergencyBody): Promise<EmergencyAlertView> {
  return api.post(`/api/v1/emergency/alerts/${enc(alertId)}/close`, body, { schema: EmergencyAlertView });
}

export function careAlerts(): Promise<CareAlertsView> {
  return api.get('/api/v1/emergency/care', { schema: CareAlertsView });
}

export function communityAlerts(communityId: string): Promise<CareAlertsView> {
  return api.get(`/api/v1/emergency/communities/${enc(communityId)}/alerts`, { schema: CareAlertsView });
}

export type EmergencySettings = z.infer<typeof EmergencySettingsView>;

/** Minutes before an unanswered call escalates in a community (its committee). */
export function emergencySettings(communityId: string): Promise<EmergencySettings> {
  return api.get(`/api/v1/emergency/communities/${enc(communityId)}/settings`, {
    schema: EmergencySettingsView,
  });
}

/** Sets them (1–60; the server names the field when it refuses); applies to calls raised from now on. */
export function saveEmergencySettings(
  communityId: string,
  escalateAfterMinutes: number,
): Promise<EmergencySettings> {
  return api.put(
    `/api/v1/emergency/communities/${enc(communityId)}/settings`,
    { escalateAfterMinutes },
    { schema: EmergencySettingsView },
  );
}

/** The community's committee members and who is on emergency duty. */
export function dutyRoster(communityId: string): Promise<DutyRosterView> {
  return api.get(`/api/v1/emergency/communities/${enc(communityId)}/duty`, { schema: DutyRosterView });
}

/** Puts a committee member on duty or takes them off (audited); answers with the roster as it now is. */
export function setDuty(communityId: string, userId: string, onDuty: boolean): Promise<DutyRosterView> {
  return api.put(
    `/api/v1/emergency/communities/${enc(communityId)}/duty/${enc(userId)}`,
    { onDuty },
    { schema: DutyRosterView },
  );
}

const SHARE_LOCATION_KEY = 'linli.emergency.shareLocation';

/** Whether the person allows a call to carry where they are (asked on the alert page; default no). */
export function sharesLocation(): boolean {
  return Taro.getStorageSync(SHARE_LOCATION_KEY) === true;
}

export function setSharesLocation(on: boolean): void {
  Taro.setStorageSync(SHARE_LOCATION_KEY, on);
}

/**
 * Where the person is, when they allow it; a call never waits long for it: no answer within
 * 4 seconds, a refusal or no GPS and the call goes without.
 */
export async function locationIfAllowed(): Promise<EmergencyLocation | undefined> {
  if (!sharesLocation()) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 4000));
  // A browser has only WGS-84 (Taro's h5 getLocation refuses 'gcj02'); WeChat gives GCJ-02.
  const h5 = process.env.TARO_ENV === 'h5';
  const located = Taro.getLocation({ type: h5 ? 'wgs84' : 'gcj02' }).then(
    (at): EmergencyLocation => ({
      datum: h5 ? 'WGS-84' : 'GCJ-02',
      latitude: at.latitude,
      longitude: at.longitude,
      ...(Number.isFinite(at.accuracy) ? { accuracyM: Math.min(100_000, Math.max(0, at.accuracy)) } : {}),
    }),
    () => undefined,
  );
  return Promise.race([located, timeout]);
}
