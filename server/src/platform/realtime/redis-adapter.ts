/**
 * Several API instances behind a load balancer share rooms through Redis pub/sub: an event emitted
 * to `user:<id>` on one instance reaches that user's sockets on every instance. Without REDIS_URL
 * socket.io's in-memory adapter serves a single instance.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { Logger } from '../logger';
import { closeRedisClients, destroyRedisClients, redisClient } from '../redis';

/** A channel nobody publishes to; subscribing to it tells us when the adapter's own subscriptions are in. */
const READY_CHANNEL = 'linli#realtime#ready';

/** Puts `io` on the Redis adapter; resolves with the function that closes its Redis clients. */
export async function useRedisAdapter(io: Server, url: string, logger: Logger): Promise<() => Promise<void>> {
  const log = logger.child({ component: 'realtime-redis' });
  const publisher = redisClient(url, 'realtime publisher', log);
  const subscriber = redisClient(url, 'realtime subscriber', log);
  const close = () => closeRedisClients([publisher, subscriber]);

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    io.adapter(createAdapter(publisher, subscriber));
    // The adapter subscribes without telling us when it is done. Redis answers one connection's
    // commands in order, so once this later subscription is confirmed, so are the adapter's: an
    // event published by another instance from now on reaches this one.
    await subscriber.subscribe(READY_CHANNEL, () => undefined);
  } catch (err) {
    // A client still retrying would wait for ever on close(); drop both at once.
    destroyRedisClients([publisher, subscriber]);
    throw err;
  }
  log.info('realtime shares rooms through redis');
  return close;
}
