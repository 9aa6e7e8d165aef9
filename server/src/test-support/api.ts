/**
 * Boots the whole server for an API test the way `npm start` does — config, embedded store,
 * modules, HTTP and realtime on 127.0.0.1, a free port — but with a clock the test controls and
 * WeChat replaced by a fake on loopback. Tests then speak HTTP (and socket.io) to `url`.
 *
 *   const api = await startTestApi();
 *   afterAll(() => api.stop());
 *   const res = await request(api.url).get('/api/v1/me').set(api.bearer(token));
 */
import { ManualClock } from '../platform/clock';
import type { Scheduler } from '../platform/scheduler';
import { captureLogger, testConfig } from '../platform/testing';
import { FakeWeChatServer } from '../platform/wechat/fake-wechat-server';
import { WeChatClient } from '../platform/wechat/wechat-client';
import { start, type RunningServer } from '../main';

export interface TestApi {
  url: string;
  clock: ManualClock;
  wechat: FakeWeChatServer;
  running: RunningServer;
  /**
   * The server's scheduler, its sweep off: step `clock`, then `await scheduler.runDue()` to run
   * what is due. `handle` a test-only kind to check scheduling through the real server.
   */
  scheduler: Scheduler;
  /** Log lines written so far (JSON objects), for tests that check what was logged. */
  logLines: Record<string, unknown>[];
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  bearer(accessToken: string): { Authorization: string };
  stop(): Promise<void>;
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const wechat = await new FakeWeChatServer().start();
  const clock = new ManualClock();
  const config = testConfig({
    PORT: '0',
    WECHAT_API_BASE: wechat.apiBase,
    WECHAT_APPID: wechat.appId,
    WECHAT_SECRET: wechat.appSecret,
    // Due jobs run when the test says so, at the moment its clock stands at.
    SCHEDULER_POLL_MS: '0',
    ...env,
  });
  const { logger, lines } = captureLogger();
  const running = await start({
    config,
    logger,
    clock,
    wechat: new WeChatClient({
      apiBase: wechat.apiBase,
      appId: wechat.appId,
      appSecret: wechat.appSecret,
      now: () => clock.now().getTime(),
    }),
  });
  return {
    url: running.url,
    clock,
    wechat,
    running,
    scheduler: running.scheduler,
    logLines: lines,
    bearer: (accessToken) => ({ Authorization: `Bearer ${accessToken}` }),
    async stop() {
      await running.stop();
      await wechat.stop();
    },
  };
}
