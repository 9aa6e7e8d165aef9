/**
 * Live updates over socket.io, following the client rules in @linli/shared/realtime: every event
 * sent to the user carries `seq`; each seq is handled once (ReceivedSeqs), lastSeq is kept in
 * storage per user and sent on every (re)connect, `realtime.caughtUp` raises it and, when the
 * server could not replay everything, asks the app to refetch what it shows.
 *
 * This file knows nothing about the transport: `connect` builds the socket (socket.io-client in
 * h5; tests pass a fake). The socket's `auth` is a function so every reconnect sends the current
 * token and lastSeq.
 */
import {
  REALTIME_CAUGHT_UP,
  ReceivedSeqs,
  type RealtimeCaughtUp,
  type RealtimeEventName,
  type RealtimeEvents,
} from '@linli/shared/realtime';

export interface HandshakeAuth {
  token: string;
  lastSeq?: number;
}

/** The part of socket.io-client's Socket this service uses. */
export interface RealtimeSocket {
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (err: Error & { data?: unknown }) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
  readonly active: boolean;
}

export type ConnectSocket = (auth: (cb: (auth: HandshakeAuth) => void) => void) => RealtimeSocket;

export interface SeqStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface RealtimeOptions {
  connect: ConnectSocket;
  storage: SeqStorage;
  /** The current access token, or null when signed out. */
  accessToken(): string | null;
  /** Refreshes after the socket's token was refused; the new access token, or null when signed out. */
  refresh(staleAccessToken: string): Promise<string | null>;
  /** Back-off for reconnects the service makes itself (after a refused token), in ms. */
  retryDelays?: readonly number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export type EventListener = <K extends RealtimeEventName>(event: K, payload: RealtimeEvents[K]) => void;

/**
 * Where the live connection stands: idle (nobody signed in), connecting (the first time), online,
 * or reconnecting (it was up, or failed, and socket.io is trying again): what the banner shows.
 */
export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting';

export const SEQ_STORAGE_PREFIX = 'linli.realtime.';
const DEFAULT_DELAYS = [1000, 2000, 5000, 10000, 30000];

export class RealtimeClient {
  private socket: RealtimeSocket | null = null;
  private userId: string | null = null;
  private seqs = new ReceivedSeqs();
  private refusals = 0;
  private readonly eventListeners = new Set<EventListener>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly caughtUpListeners = new Set<(caughtUp: RealtimeCaughtUp) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private connectionState: ConnectionState = 'idle';

  constructor(private readonly options: RealtimeOptions) {}

  /** Connects for `userId` (no-op when already connected for them). */
  start(userId: string): void {
    if (this.userId === userId && this.socket) return;
    this.stop();
    this.userId = userId;
    this.seqs = new ReceivedSeqs(this.storedLastSeq(userId));
    const socket = this.options.connect((cb) => {
      const auth: HandshakeAuth = { token: this.options.accessToken() ?? '' };
      // No stored lastSeq: a first connect, state comes over HTTP and there is nothing to replay.
      if (this.seqs.lastSeq > 0) auth.lastSeq = this.seqs.lastSeq;
      cb(auth);
    });
    this.setConnection('connecting');
    socket.on('connect', () => {
      this.refusals = 0;
      this.setConnection('online');
    });
    socket.on('connect_error', (err) => {
      this.setConnection('reconnecting');
      void this.onConnectError(socket, err);
    });
    socket.on('disconnect', (reason) => {
      if (this.socket === socket) this.setConnection('reconnecting');
      // socket.io-client reconnects by itself except when the server closed the socket.
      if (reason === 'io server disconnect') this.reconnectLater(socket, false);
    });
    socket.onAny((event, payload) => this.receive(event, payload));
    this.socket = socket;
  }

  stop(): void {
    const socket = this.socket;
    this.socket = null;
    this.userId = null;
    socket?.disconnect();
    this.setConnection('idle');
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  /** Runs with each change of the connection's state. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => void this.connectionListeners.delete(listener);
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    for (const listener of this.connectionListeners) listener(state);
  }

  get lastSeq(): number {
    return this.seqs.lastSeq;
  }

  /** Runs for each new event sent to this user (duplicates are dropped). */
  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  /** Runs when events may have been missed: refetch what is on screen. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => void this.resyncListeners.delete(listener);
  }

  /** Runs after each (re)connect once the server has replayed what was missed. */
  onCaughtUp(listener: (caughtUp: RealtimeCaughtUp) => void): () => void {
    this.caughtUpListeners.add(listener);
    return () => void this.caughtUpListeners.delete(listener);
  }

  private receive(event: string, payload: unknown): void {
    if (event === REALTIME_CAUGHT_UP) {
      const caughtUp = payload as RealtimeCaughtUp;
      this.seqs.caughtUp(caughtUp);
      this.persist();
      if (!caughtUp.complete) for (const listener of this.resyncListeners) listener();
      for (const listener of this.caughtUpListeners) listener(caughtUp);
      return;
    }
    if (!payload || typeof payload !== 'object') return;
    const { seq } = payload as { seq?: unknown };
    if (typeof seq === 'number') {
      if (!this.seqs.accept(seq)) return;
      this.persist();
    }
    for (const listener of this.eventListeners) {
      listener(event as RealtimeEventName, payload as RealtimeEvents[RealtimeEventName]);
    }
  }

  private async onConnectError(socket: RealtimeSocket, err: Error & { data?: unknown }): Promise<void> {
    // The manager retries network failures itself (socket.active stays true); a refused
    // handshake leaves the socket inactive and is ours to handle.
    if (socket.active || socket !== this.socket) return;
    const code = (err.data as { code?: unknown } | undefined)?.code;
    if (code !== 'TOKEN_EXPIRED') return; // signed out or not allowed: the API client handles sign-in.
    const stale = this.options.accessToken();
    if (!stale) return;
    let fresh: string | null;
    try {
      fresh = await this.options.refresh(stale);
    } catch {
      fresh = stale; // server unreachable: keep the session, try again after the back-off
    }
    if (fresh) this.reconnectLater(socket);
  }

  /** Connects `socket` again after a back-off that grows with each attempt without success. */
  private reconnectLater(socket: RealtimeSocket, immediateFirst = true): void {
    if (socket !== this.socket) return;
    const delays = this.options.retryDelays ?? DEFAULT_DELAYS;
    const attempt = immediateFirst ? this.refusals - 1 : this.refusals;
    const delay = attempt < 0 ? 0 : delays[Math.min(attempt, delays.length - 1)];
    this.refusals += 1;
    const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    setTimer(() => {
      if (socket === this.socket) socket.connect();
    }, delay);
  }

  private storedLastSeq(userId: string): number {
    const value = this.options.storage.get(SEQ_STORAGE_PREFIX + userId);
    const lastSeq = (value as { lastSeq?: unknown } | null)?.lastSeq;
    return typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0 ? lastSeq : 0;
  }

  private persist(): void {
    if (this.userId)
      this.options.storage.set(SEQ_STORAGE_PREFIX + this.userId, { lastSeq: this.seqs.lastSeq });
  }
}
