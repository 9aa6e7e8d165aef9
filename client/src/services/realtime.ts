/**
 * The app's realtime connection: socket.io-client over the browser's WebSocket in h5, over
 * Taro.connectSocket (TaroWebSocket) in the mini-program. On top of live events the app also
 * refetches when it comes back to the foreground (app.ts).
 */
import Taro from '@tarojs/taro';
import type { RealtimeEvents } from '@linli/shared/realtime';
import { api } from './api';
import { mealsChanged } from './meals';
import { carerLinksChanged } from './carer-links';
import { auth } from './index';
import { membershipsChanged } from './memberships';
import { noticesChanged } from './notices';
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
  else if (event === 'carerLink.changed') carerLinksChanged.emit();
  else if (event === 'meal.bookingChanged')
    mealsChanged({ kind: 'booking', payload: payload as RealtimeEvents['meal.bookingChanged'] });
  else if (event === 'meal.rosterChanged')
    mealsChanged({ kind: 'roster', payload: payload as RealtimeEvents['meal.rosterChanged'] });
});
realtime?.onResync(() => {
  noticesChanged();
  homesChanged();
  carerLinksChanged.emit();
});
// Room events (a canteen's roster) are not replayed: after every (re)connect, meals views refetch.
realtime?.onCaughtUp(() => mealsChanged({ kind: 'resync' }));
