/**
 * The mini-program's realtime transport against the real server: Taro.connectSocket is backed by
 * the `ws` package, shaped like WeChat's SocketTask, and socket.io-client runs over TaroWebSocket.
 * A resident receives a notice live; the server drops her socket while she is offline and a
 * notice goes out; when she is back she reconnects with her lastSeq and catches up what she missed.
 */
import Taro from '@tarojs/taro';
import WebSocket from 'ws';
import { startTestApi, type TestApi } from '../../server/src/test-support/api';
import {
  makeNeighbourhood,
  published,
  type Neighbourhood,
} from '../../server/src/modules/notices/test-factories';
import { RealtimeClient, SEQ_STORAGE_PREFIX } from '../src/services/realtime-client';
import { createConnect } from '../src/services/realtime-connect';

type Listener<T> = (value: T) => void;

/** WeChat's SocketTask over a `ws` client. */
function socketTask(url: string) {
  const ws = new WebSocket(url);
  opened.push(ws);
  return {
    send: ({ data }: { data: string | ArrayBuffer }) => ws.send(data),
    close: () => ws.close(),
    onOpen: (cb: Listener<{ header: object }>) => ws.on('open', () => cb({ header: {} })),
    onMessage: (cb: Listener<{ data: string | ArrayBuffer }>) =>
      ws.on('message', (data: Buffer, isBinary: boolean) =>
        cb({ data: isBinary ? new Uint8Array(data).buffer : data.toString() }),
      ),
    onError: (cb: Listener<{ errMsg: string }>) => ws.on('error', (e) => cb({ errMsg: e.message })),
    onClose: (cb: Listener<{ code: number; reason: string }>) =>
      ws.on('close', (code, reason) => cb({ code, reason: reason.toString() })),
  };
}

const opened: WebSocket[] = [];
let offline = false;
const connectSocket = Taro.connectSocket as unknown as jest.Mock;

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('mini-program realtime over Taro.connectSocket', () => {
  let api: TestApi;
  let hood: Neighbourhood;
  let client: RealtimeClient | undefined;

  beforeAll(async () => {
    api = await startTestApi();
    hood = await makeNeighbourhood(api);
    connectSocket.mockImplementation(async ({ url }: { url: string }) => {
      if (offline) throw { errMsg: 'connectSocket:fail offline' };
      return socketTask(url);
    });
  });
  afterAll(async () => {
    client?.stop();
    for (const ws of opened) ws.terminate();
    connectSocket.mockReset();
    await api.stop();
  });

  it('receives notices live and catches up after the server dropped it', async () => {
    const resident = await hood.resident(hood.building1);
    const storage = new Map<string, unknown>();
    const connect = createConnect(api.url, 'weapp', { reconnectionDelay: 50, reconnectionDelayMax: 200 });
    expect(connect).not.toBeNull();
    client = new RealtimeClient({
      connect: connect!,
      storage: { get: (k) => storage.get(k), set: (k, v) => void storage.set(k, v) },
      accessToken: () => resident.accessToken,
      refresh: async () => resident.accessToken,
      retryDelays: [100, 200],
    });
    const received: string[] = [];
    client.onEvent((event, payload) => {
      if (event === 'notice.published') received.push((payload as { noticeId: string }).noticeId);
    });
    const caughtUp: { seq: number; complete: boolean }[] = [];
    client.onCaughtUp((c) => caughtUp.push(c));

    client.start(resident.id);
    await until('the first caughtUp', () => caughtUp[0]);
    expect(connectSocket).toHaveBeenCalledWith(
      expect.objectContaining({ url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?/) }),
    );

    const first = await published(api, hood.committee, { communityId: hood.community.id, title: '第一条' });
    await until('the first notice', () => (received.includes(first) ? true : undefined));
    const seqAfterFirst = client.lastSeq;
    expect(seqAfterFirst).toBeGreaterThan(0);
    expect(storage.get(SEQ_STORAGE_PREFIX + resident.id)).toEqual({ lastSeq: seqAfterFirst });

    // She goes offline; the server drops her socket; a notice goes out meanwhile.
    offline = true;
    const attemptsBefore = connectSocket.mock.calls.length;
    api.running.realtime.disconnectSockets(true);
    const missed = await published(api, hood.committee, {
      communityId: hood.community.id,
      title: '错过的一条',
    });
    await api.running.events.drain();
    await until('a failed reconnect attempt', () =>
      connectSocket.mock.calls.length > attemptsBefore ? true : undefined,
    );
    expect(received).not.toContain(missed);

    // Back online: the reconnect sends lastSeq and the server replays what she missed, once.
    offline = false;
    await until('the missed notice', () => (received.includes(missed) ? true : undefined));
    const last = await until('the caughtUp after reconnecting', () =>
      caughtUp.length > 1 ? caughtUp[caughtUp.length - 1] : undefined,
    );
    expect(last.complete).toBe(true);
    expect(received.filter((id) => id === missed)).toHaveLength(1);
    expect(client.lastSeq).toBeGreaterThan(seqAfterFirst);
  }, 30_000);
});
