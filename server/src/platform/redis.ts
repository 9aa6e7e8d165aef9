/**
 * The Redis clients of an instance (realtime's adapter, the invalidation channel), all built the
 * same way from REDIS_URL: a wrong URL fails boot fast, a Redis lost later is waited for.
 */
import { createClient } from 'redis';
import type { Logger } from './logger';

/** Retries before boot gives up on a Redis it has never reached: a wrong REDIS_URL fails fast. */
const BOOT_ATTEMPTS = 5;

export function redisClient(
  url: string,
  role: string,
  log: Logger,
  { offlineQueue = true }: { offlineQueue?: boolean } = {},
) {
  let reached = false;
  const client = createClient({
    url,
    // Without the queue a command fails at once while Redis is away (callers that have a fallback).
    disableOfflineQueue: !offlineQueue,
    socket: {
      // Once up, a lost Redis is waited for (backing off to 3 s); each user says what it does meanwhile.
      // Giving up is said with an Error made here: node-redis tests `instanceof Error`, and the
      // socket's own error may come from another realm (under jest it does).
      reconnectStrategy: (retries: number, cause: Error) =>
        reached
          ? Math.min(100 * (retries + 1), 3000)
          : retries < BOOT_ATTEMPTS
            ? 200
            : new Error(`cannot reach Redis (${role}): ${cause.message}`),
    },
  });
  client.on('ready', () => (reached = true));
  // Without a listener an 'error' event would crash the process; node-redis reconnects by itself.
  client.on('error', (err: unknown) => log.warn({ err, role }, 'redis connection error'));
  return client;
}

export type RedisClient = ReturnType<typeof redisClient>;

/** Closes the clients that are open; their queued commands are sent first. */
export async function closeRedisClients(clients: readonly RedisClient[]): Promise<void> {
  await Promise.allSettled(clients.map((client) => client.isOpen && client.close()));
}

export function destroyRedisClients(clients: readonly RedisClient[]): void {
  for (const client of clients) if (client.isOpen) client.destroy();
}
