/**
 * How the app opens its socket.io connection on each platform: the browser's WebSocket in h5,
 * TaroWebSocket (Taro.connectSocket) in the mini-program.
 */
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { ConnectSocket } from './realtime-client';
import { TaroWebSocket } from './taro-websocket';

type Tuning = Partial<Pick<ManagerOptions, 'reconnectionDelay' | 'reconnectionDelayMax'>>;

/** `apiBase` '' means the origin that serves the h5 app. Null when there is nothing to connect to. */
export function createConnect(
  apiBase: string,
  platform: string | undefined,
  tuning: Tuning = {},
): ConnectSocket | null {
  const common: Partial<ManagerOptions & SocketOptions> = {
    path: '/socket.io',
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30000,
    ...tuning,
  };
  if (platform === 'h5') {
    return (auth) => {
      const options = { ...common, transports: ['websocket'], auth };
      return apiBase ? io(apiBase, options) : io(options);
    };
  }
  // The mini-program needs an absolute API address (TARO_APP_API_BASE at build time).
  if (!apiBase) return null;
  return (auth) => io(apiBase, { ...common, transports: [TaroWebSocket], auth });
}
