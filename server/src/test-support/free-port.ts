/**
 * A port on 127.0.0.1 that was free a moment ago, for a child process that must be told its port
 * up front (a store, redis-server, `npm start`). In-process servers should listen on 0 instead.
 */
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
