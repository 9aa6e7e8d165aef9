/**
 * The realtime endpoint (socket.io at /socket.io), attached to the same HTTP server as the API.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Config } from '../config';

export function attachRealtime(server: HttpServer, config: Config): Server {
  const origins = config.cors.origins;
  // The identity issue fills this in: authenticate the handshake with the same JWT as the API,
  // join the socket to its rooms (user:<id>, community:<id>, building:<id>, staff:<serviceId>), and
  // subscribe the domain-event dispatcher that emits to those rooms. Until then nobody may connect
  // to anything meaningful, and no events are sent.
  return new Server(server, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: origins.includes('*') ? true : [...origins] },
  });
}
