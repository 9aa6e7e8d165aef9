/**
 * Who is connecting: the socket.io handshake carries the same access token as the API
 * (`auth: { token, lastSeq }`), checked by the same Authenticator. A refused handshake never
 * becomes a connected socket; the client gets `connect_error` with `data: { code }`.
 */
import type { Socket } from 'socket.io';
import { ErrorCode, RealtimeHandshakeSchema, type RealtimeConnectErrorData } from '@linli/shared';
import type { Authenticator } from '../auth';
import type { Actor } from '../context';
import { isAppError } from '../errors';
import type { Logger } from '../logger';

/** What a socket carries once its handshake is accepted (`socket.data`). */
export interface SocketData {
  actor: Actor;
  /** The client's last handled seq; undefined on a first connect (no replay). */
  lastSeq: number | undefined;
}

export type HandshakeMiddleware = (socket: Socket, next: (err?: Error) => void) => void;

export function authenticateHandshake(authenticator: Authenticator, logger: Logger): HandshakeMiddleware {
  return (socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token === '') return next(refusal(ErrorCode.UNAUTHORIZED));
    const parsed = RealtimeHandshakeSchema.safeParse(auth);
    if (!parsed.success) return next(refusal(ErrorCode.BAD_REQUEST));

    authenticator.authenticate(parsed.data.token).then(
      ({ profile: _profile, ...actor }) => {
        // The profile (name, phone, birth date) is for answering HTTP requests; a socket's data
        // crosses Redis between instances (fetchSockets), so it carries only what rooms need.
        const data: SocketData = { actor, lastSeq: parsed.data.lastSeq };
        socket.data = data;
        next();
      },
      (err: unknown) => {
        if (isAppError(err)) return next(refusal(err.code));
        // Not the client's fault (e.g. the database is down): log it, tell the client only that.
        logger.error({ err }, 'realtime handshake failed');
        next(refusal(ErrorCode.INTERNAL));
      },
    );
  };
}

function refusal(code: ErrorCode): Error {
  const data: RealtimeConnectErrorData = { code };
  return Object.assign(new Error(code), { data });
}
