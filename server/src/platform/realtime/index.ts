/**
 * The realtime endpoint: socket.io at /socket.io on the same HTTP server as the API. A socket is
 * authenticated in the handshake, joins its rooms from its Actor, is sent what it missed since its
 * lastSeq, then receives live what the InboxDelivery emits. Modules never see any of this: they
 * call the RealtimeDelivery they were given.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type DefaultEventsMap } from 'socket.io';
import type { Authenticator } from '../auth';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { InboxDelivery } from './delivery';
import { authenticateHandshake, type SocketData } from './handshake';
import { useRedisAdapter } from './redis-adapter';
import { roomsOf } from './rooms';

export { InboxDelivery, type RealtimeDelivery } from './delivery';
export * from './rooms';

export type RealtimeServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

export interface RealtimeDeps {
  server: HttpServer;
  config: Config;
  logger: Logger;
  authenticator: Authenticator;
  delivery: InboxDelivery;
}

export interface Realtime {
  io: RealtimeServer;
  /**
   * Closes the Redis clients, if any. Call after `io.close()` and after the last delivery has
   * settled (events.drain()): a delivery still running publishes through them.
   */
  releaseAdapter(): Promise<void>;
}

export async function attachRealtime({
  server,
  config,
  logger,
  authenticator,
  delivery,
}: RealtimeDeps): Promise<Realtime> {
  const origins = config.cors.origins;
  const io: RealtimeServer = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: origins.includes('*') ? true : [...origins] },
  });
  const releaseAdapter = config.redis.url
    ? await useRedisAdapter(io, config.redis.url, logger)
    : async () => undefined;

  io.use(authenticateHandshake(authenticator, logger));
  io.on('connection', (socket) => {
    const { actor, lastSeq } = socket.data;
    // Rooms first, replay second: see InboxDelivery.replay for why nothing falls between.
    void socket.join(roomsOf(actor));
    void delivery.replay(socket, actor.userId, lastSeq);
  });
  delivery.attach(io);
  return { io, releaseAdapter };
}
