import {
  RealtimeClient,
  SEQ_STORAGE_PREFIX,
  type HandshakeAuth,
  type RealtimeSocket,
} from './realtime-client';

/** A socket the test drives: `emit` delivers an event, `refuse` fails the handshake like the server. */
class FakeSocket implements RealtimeSocket {
  active = true;
  connects = 0;
  private anyListeners: ((event: string, ...args: unknown[]) => void)[] = [];
  private listeners = new Map<string, ((arg: unknown) => void)[]>();

  constructor(readonly auth: (cb: (auth: HandshakeAuth) => void) => void) {}

  onAny(listener: (event: string, ...args: unknown[]) => void) {
    this.anyListeners.push(listener);
  }
  on(event: string, listener: (arg: never) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (arg: unknown) => void]);
  }
  fire(event: string, arg?: unknown) {
    for (const l of this.listeners.get(event) ?? []) l(arg);
  }
  connect() {
    this.connects += 1;
    this.active = true;
  }
  disconnect() {
    this.active = false;
  }
  handshake(): HandshakeAuth {
    let sent: HandshakeAuth | undefined;
    this.auth((a) => (sent = a));
    return sent!;
  }
  emit(event: string, payload: unknown) {
    for (const l of this.anyListeners) l(event, payload);
  }
  /** A transport failure: socket.io-client keeps the socket active and retries with back-off. */
  networkError() {
    this.active = true;
    for (const l of this.listeners.get('connect_error') ?? []) l(new Error('websocket error'));
  }
  refuse(code: string) {
    this.active = false;
    const err = Object.assign(new Error(code), { data: { code } });
    for (const l of this.listeners.get('connect_error') ?? []) l(err);
  }
}

function setup(stored: Record<string, unknown> = {}) {
  const storage = new Map<string, unknown>(Object.entries(stored));
  const sockets: FakeSocket[] = [];
  let token = 'access-1';
  const refresh = jest.fn(async () => {
    token = 'access-2';
    return token;
  });
  const timers: (() => void)[] = [];
  const client = new RealtimeClient({
    connect: (auth) => {
      const socket = new FakeSocket(auth);
      sockets.push(socket);
      return socket;
    },
    storage: { get: (k) => storage.get(k), set: (k, v) => void storage.set(k, v) },
    accessToken: () => token,
    refresh,
    setTimer: (fn) => void timers.push(fn),
  });
  const events: [string, unknown][] = [];
  client.onEvent((event, payload) => events.push([event, payload]));
  const resyncs = jest.fn();
  client.onResync(resyncs);
  return { client, storage, sockets, refresh, timers, events, resyncs };
}

const notice = (seq: number) => ({
  noticeId: `n${seq}`,
  communityId: 'c',
  category: 'announcement',
  title: 't',
  seq,
});

describe('RealtimeClient', () => {
  it('tells its connection state: connecting, online, reconnecting after a drop, idle when stopped', () => {
    const { client, sockets } = setup();
    const seen: string[] = [];
    client.onConnectionChange((state) => seen.push(state));
    expect(client.connection).toBe('idle');
    client.start('u1');
    expect(client.connection).toBe('connecting');
    sockets[0].fire('connect');
    sockets[0].fire('disconnect', 'transport close');
    expect(client.connection).toBe('reconnecting');
    sockets[0].networkError();
    sockets[0].fire('connect');
    expect(client.connection).toBe('online');
    client.stop();
    expect(seen).toEqual(['connecting', 'online', 'reconnecting', 'online', 'idle']);
  });

  it('sends no lastSeq on a first connect, then the stored one on every reconnect', () => {
    const { client, sockets, storage } = setup();
    client.start('u1');
    expect(sockets[0].handshake()).toEqual({ token: 'access-1' });
    sockets[0].emit('notice.published', notice(3));
    expect(storage.get(SEQ_STORAGE_PREFIX + 'u1')).toEqual({ lastSeq: 3 });
    // socket.io-client calls auth again before each reconnect.
    expect(sockets[0].handshake()).toEqual({ token: 'access-1', lastSeq: 3 });
  });

  it('keeps lastSeq per user across restarts', () => {
    const { client, sockets } = setup({ [SEQ_STORAGE_PREFIX + 'u1']: { lastSeq: 41 } });
    client.start('u2');
    expect(sockets[0].handshake().lastSeq).toBeUndefined();
    client.start('u1');
    expect(sockets[0].active).toBe(false);
    expect(sockets[1].handshake()).toEqual({ token: 'access-1', lastSeq: 41 });
  });

  it('handles each seq once, in whatever order they come', () => {
    const { client, sockets, events } = setup();
    client.start('u1');
    for (const seq of [5, 7, 6, 7, 5, 8]) sockets[0].emit('notice.published', notice(seq));
    expect(events.map(([, p]) => (p as { seq: number }).seq)).toEqual([5, 7, 6, 8]);
    expect(client.lastSeq).toBe(8);
  });

  it('passes events without seq (room events) through every time', () => {
    const { client, sockets, events } = setup();
    client.start('u1');
    sockets[0].emit('meal.rosterChanged', { providerId: 'p' });
    sockets[0].emit('meal.rosterChanged', { providerId: 'p' });
    expect(events).toHaveLength(2);
    expect(client.lastSeq).toBe(0);
  });

  it('on caughtUp raises lastSeq, never lowers it, and asks for a refetch when incomplete', () => {
    const { client, sockets, storage, resyncs } = setup({ [SEQ_STORAGE_PREFIX + 'u1']: { lastSeq: 10 } });
    client.start('u1');
    sockets[0].emit('notice.published', notice(14)); // a live event overtaking the replay
    sockets[0].emit('realtime.caughtUp', { seq: 12, complete: true });
    expect(client.lastSeq).toBe(14);
    expect(resyncs).not.toHaveBeenCalled();
    sockets[0].emit('realtime.caughtUp', { seq: 30, complete: false });
    expect(client.lastSeq).toBe(30);
    expect(storage.get(SEQ_STORAGE_PREFIX + 'u1')).toEqual({ lastSeq: 30 });
    expect(resyncs).toHaveBeenCalledTimes(1);
    // A replayed event after caughtUp that was already handled stays a duplicate.
    sockets[0].emit('notice.published', notice(14));
    expect(client.lastSeq).toBe(30);
  });

  it('refreshes the token on TOKEN_EXPIRED and connects again with the new one', async () => {
    const { client, sockets, refresh, timers } = setup();
    client.start('u1');
    sockets[0].refuse('TOKEN_EXPIRED');
    await new Promise((r) => setImmediate(r));
    expect(refresh).toHaveBeenCalledWith('access-1');
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(sockets[0].connects).toBe(1);
    expect(sockets[0].handshake().token).toBe('access-2');
  });

  it('does not retry other refusals or network errors the manager handles itself', async () => {
    const { client, sockets, refresh, timers } = setup();
    client.start('u1');
    sockets[0].refuse('UNAUTHORIZED');
    sockets[0].networkError();
    await new Promise((r) => setImmediate(r));
    expect(refresh).not.toHaveBeenCalled();
    expect(timers).toHaveLength(0);
  });

  it('gives up when the refresh ends the session', async () => {
    const { client, sockets, refresh, timers } = setup();
    refresh.mockResolvedValueOnce(null as unknown as string);
    client.start('u1');
    sockets[0].refuse('TOKEN_EXPIRED');
    await new Promise((r) => setImmediate(r));
    expect(timers).toHaveLength(0);
  });

  it('connects again after a back-off when the server closes the socket', () => {
    const { client, sockets, timers } = setup();
    client.start('u1');
    sockets[0].fire('disconnect', 'transport close'); // socket.io-client retries this one itself
    expect(timers).toHaveLength(0);
    sockets[0].active = false;
    sockets[0].fire('disconnect', 'io server disconnect');
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(sockets[0].connects).toBe(1);
  });

  it('stop disconnects and ignores a late answer', () => {
    const { client, sockets } = setup();
    client.start('u1');
    client.stop();
    expect(sockets[0].active).toBe(false);
  });
});
