/**
 * Realtime as `npm start` wires it: on the API's own HTTP server, behind the identity module's
 * Authenticator, closed by the graceful shutdown, and refusing to boot on an unreachable Redis.
 */
import net from 'node:net';
import { start } from '../../main';
import { startTestApi, type TestApi } from '../../test-support/api';
import { captureLogger, testConfig } from '../testing';
import { connectClient, refusalOf } from './testing';

describe('on the booted server', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  it('serves socket.io at /socket.io and refuses a socket without a token', async () => {
    expect(await refusalOf(api.url, {})).toEqual({ code: 'UNAUTHORIZED' });
  });

  it('refuses a token the Authenticator rejects', async () => {
    const { code } = await refusalOf(api.url, { token: 'not-a-token' });
    expect(['UNAUTHORIZED', 'TOKEN_INVALID']).toContain(code);
  });
});

it('stops cleanly with realtime attached', async () => {
  const api = await startTestApi();
  // A connection attempt in flight at shutdown must not keep the process alive.
  const refused = refusalOf(api.url, {});
  await refused;
  await api.stop();
  expect(api.running.server.listening).toBe(false);
  await expect(connectClient(api.url, { token: 'x' })).rejects.toThrow();
});

it('does not boot when REDIS_URL points at nothing, and leaves nothing open', async () => {
  const port = await closedPort();
  const { logger } = captureLogger();
  await expect(
    start({ config: testConfig({ PORT: '0', REDIS_URL: `redis://127.0.0.1:${port}` }), logger }),
  ).rejects.toThrow(/ECONNREFUSED/);
});

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
