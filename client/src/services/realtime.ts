/**
 * The app's realtime connection: socket.io-client over the browser's WebSocket in h5, over
 * Taro.connectSocket (TaroWebSocket) in the mini-program. On top of live events the app also
 * refetches when it comes back to the foreground (app.ts).
 */
import Taro from '@tarojs/taro';
import type { RealtimeEvents } from '@linli/shared/realtime';
import { t } from '../i18n';
import { api } from './api';
import { mealsChanged, wellnessAlertsChanged } from './meals';
import { menuChangedLine, skippedLine } from './meals-labels';
import { carerLinksChanged } from './carer-links';
import { daycareChanged } from './daycare';
import { consultationsChanged } from './consultations-live';
import { auth } from './index';
import { membershipQueueChanged, membershipsChanged } from './memberships';
import { noticesChanged } from './notices';
import { conventionChanged, pledgesChanged, pointsChanged } from './pledges-signals';
import { emergencyChanged } from './emergency';
import { repairsChanged } from './repairs';
import { RealtimeClient } from './realtime-client';
import { createConnect } from './realtime-connect';

const connect = createConnect(LINLI_API_BASE, process.env.TARO_ENV);

export const realtime: RealtimeClient | null = connect
  ? new RealtimeClient({
      connect,
      storage: {
        get: (key) => Taro.getStorageSync(key) as unknown,
        set: (key, value) => Taro.setStorageSync(key, value),
      },
      accessToken: () => api.tokens.get()?.accessToken ?? null,
      refresh: async (stale) => (await api.refreshFor(stale))?.accessToken ?? null,
    })
  : null;

/** A decision about my household changes my homes (and so which notices reach me): reload both. */
function homesChanged(): void {
  membershipsChanged.emit();
  void auth.loadMe().then(noticesChanged, () => undefined);
}

realtime?.onEvent((event, payload) => {
  if (event === 'notice.published' || event === 'notice.withdrawn') noticesChanged();
  else if (event === 'membership.decided') homesChanged();
  else if (event === 'membership.queueChanged') membershipQueueChanged.emit();
  else if (event === 'carerLink.changed') carerLinksChanged.emit();
  else if (event === 'pledge.progress' || event === 'pledge.changed') pledgesChanged.emit();
  else if (
    event === 'points.changed' ||
    event === 'points.redemptionChanged' ||
    event === 'points.redemptionPlaced'
  )
    pointsChanged.emit();
  else if (event === 'convention.published' || event === 'convention.signed') conventionChanged.emit();
  else if (event === 'consultation.statusChanged' || event === 'consultation.turnoutChanged')
    consultationsChanged.emit();
  else if (event === 'consultation.reminder') {
    const { title } = payload as RealtimeEvents['consultation.reminder'];
    consultationsChanged.emit();
    void Taro.showToast({ title: `${t('consVote')}：${title}`, icon: 'none', duration: 4000 });
  } else if (event === 'meal.bookingChanged')
    mealsChanged({ kind: 'booking', payload: payload as RealtimeEvents['meal.bookingChanged'] });
  else if (event === 'meal.rosterChanged')
    mealsChanged({ kind: 'roster', payload: payload as RealtimeEvents['meal.rosterChanged'] });
  else if (event === 'meal.menuChanged') {
    const change = payload as RealtimeEvents['meal.menuChanged'];
    mealsChanged({ kind: 'menu', payload: change });
    void Taro.showToast({ title: menuChangedLine(change), icon: 'none', duration: 3000 });
  } else if (event === 'meal.standingOrderSkipped') {
    const skip = payload as RealtimeEvents['meal.standingOrderSkipped'];
    mealsChanged({ kind: 'skipped', payload: skip });
    // Nobody chose this day by hand: say so wherever the person is, or they expect a meal.
    void Taro.showToast({ title: skippedLine(skip), icon: 'none', duration: 4000 });
  } else if (event === 'emergency.alertChanged') emergencyChanged.emit();
  else if (event === 'repair.ticketChanged' || event === 'repair.overdue') {
    repairsChanged.emit();
  } else if (event === 'meal.wellnessAlert') {
    mealsChanged({ kind: 'wellness', payload: payload as RealtimeEvents['meal.wellnessAlert'] });
    wellnessAlertsChanged.emit();
  } else if (event === 'daycare.enquiryChanged' || event === 'daycare.message') daycareChanged.emit();
});
realtime?.onResync(() => {
  noticesChanged();
  homesChanged();
  carerLinksChanged.emit();
  wellnessAlertsChanged.emit();
  emergencyChanged.emit();
});
// Room events (a canteen's roster, the committee's approvals queue) are not replayed: after every
// (re)connect, those views refetch.
realtime?.onCaughtUp(() => {
  mealsChanged({ kind: 'resync' });
  membershipQueueChanged.emit();
  daycareChanged.emit();
  pledgesChanged.emit();
  pointsChanged.emit();
  conventionChanged.emit();
  repairsChanged.emit();
  consultationsChanged.emit();
});
