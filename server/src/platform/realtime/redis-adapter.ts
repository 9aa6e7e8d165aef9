/**
 * Several API instances behind a load balancer share rooms through Redis pub/sub: an event emitted
 * to `user:<id>` on one instance reaches that user's sockets on every instance. Without REDIS_URL
 * socket.io's in-memory adapter serves a single instance.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../logger';

/** A channel nobody publishes to; subscribing to it tells us when the adapter's own subscriptions are in. */
const READY_CHANNEL = 'linli#realtime#ready';

/** Puts `io` on the Redis adapter; resolves with the function that closes its Redis clients. */
export async function useRedisAdapter(io: Server, url: string, logger: Logger): Promise<() => Promise<void>> {
  const log = logger.child({ component: 'realtime-redis' });
  const publisher = redisClient(url, 'publisher', log);
  const subscriber = redisClient(url, 'subscriber', log);
  const close = async () => {
    await Promise.allSettled([publisher, subscriber].map((client) => client.isOpen && client.close()));
  };

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    io.adapter(createAdapter(publisher, subscriber));
    // The adapter subscribes without telling us when it is done. Redis answers one connection's
    // commands in order, so once this later subscription is confirmed, so are the adapter's: an
    // event published by another instance from now on reaches this one.
    await subscriber.subscribe(READY_CHANNEL, () => undefined);
  } catch (err) {
    // A client still retrying would wait for ever on close(); drop both at once.
    for (const client of [publisher, subscriber]) if (client.isOpen) client.destroy();
    throw err;
  }
  log.info('realtime shares rooms through redis');
  return close;
}

/** Retries before boot gives up on a Redis it has never reached: a wrong REDIS_URL fails fast. */
const BOOT_ATTEMPTS = 5;

function redisClient(url: string, role: string, log: Logger) {
  let reached = false;
  const client = createClient({
    url,
    socket: {
      // Once up, a lost Redis is waited for (backing off to 3 s); rooms are local meanwhile.
      // Giving up is said with an Error made here: node-redis tests `instanceof Error`, and the
      // socket's own error may come from another realm (under jest it does).
      reconnectStrategy: (retries: number, cause: Error) =>
        reached
          ? Math.min(100 * (retries + 1), 3000)
          : retries < BOOT_ATTEMPTS
            ? 200
            : new Error(`cannot reach Redis for realtime (${role}): ${cause.message}`),
    },
  });
  client.on('ready', () => (reached = true));
  // Without a listener an 'error' event would crash the process; node-redis reconnects by itself.
  client.on('error', (err: unknown) => log.warn({ err, role }, 'redis connection error'));
  return client;
}
