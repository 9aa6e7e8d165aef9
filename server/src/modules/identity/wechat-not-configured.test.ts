import request from 'supertest';
import { start, type RunningServer } from '../../main';
import { captureLogger, testConfig } from '../../platform/testing';

// A server booted like `npm start` without WECHAT_APPID/WECHAT_SECRET (startTestApi always wires a fake).
let server: RunningServer;
beforeAll(async () => {
  server = await start({ config: testConfig({ PORT: '0' }), logger: captureLogger().logger });
});
afterAll(() => server.stop());

it('answers WeChat sign-in with 503 WECHAT_NOT_CONFIGURED and says whom to ask', async () => {
  const res = await request(server.url).post('/api/v1/auth/wechat').send({ code: 'any-code' });
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('WECHAT_NOT_CONFIGURED');
  expect(res.body.error.message).toContain('管理员');
});
