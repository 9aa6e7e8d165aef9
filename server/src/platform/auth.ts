/**
 * Authentication as the platform sees it: a route says who may call it (`Access`), and an
 * Authenticator turns a bearer token into the Actor. The platform knows no user model; the identity
 * module implements Authenticator (token verification, loading grants and homes) and app.ts wires
 * it in. Finer rules ("only this community's committee") belong in each module's policy.
 */
import type { StaffRole } from '@linli/shared';
import type { Actor } from './context';
import { Forbidden, Unauthorized } from './errors';

/**
 * Who may call a route:
 * - 'public': anyone, no token needed;
 * - 'signedIn': any signed-in user (resident or staff);
 * - a list of staff roles: a signed-in user holding a grant of at least one of them, in any
 *   community (the module's policy then checks the community or provider).
 */
export type Access = 'public' | 'signedIn' | readonly StaffRole[];

export interface Authenticator {
  /**
   * Verifies an access token and builds the Actor from current records. Throws the AppError to
   * answer (401 for a missing, expired, forged or revoked token) when it cannot.
   */
  authenticate(accessToken: string): Promise<Actor>;
}

/** Until an identity module is wired in, no token is good. */
export const refuseAllAuthenticator: Authenticator = {
  authenticate: () => Promise.reject(Unauthorized()),
};

/** The token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * The one way handlers refuse: a policy answers whether the actor may, and this turns "no" into
 * 403 with a reason for the logs (the person sees the catalogue's message, not the reason).
 */
export function authorize(allowed: boolean, why: string): asserts allowed {
  if (!allowed) throw Forbidden(why);
}

export function hasRole(actor: Actor, role: StaffRole, communityId?: string): boolean {
  return actor.grants.some(
    (grant) =>
      grant.role === role &&
      (communityId === undefined || !('communityId' in grant) || grant.communityId === communityId),
  );
}

export function isAdmin(actor: Actor): boolean {
  return actor.grants.some((grant) => grant.role === 'admin');
}

/** Authenticates for a route with the given access, or throws 401/403. */
export async function authorizeRoute(
  access: Access,
  authorization: string | undefined,
  authenticator: Authenticator,
): Promise<Actor | undefined> {
  if (access === 'public') return undefined;
  const token = bearerToken(authorization);
  if (!token) throw Unauthorized();
  const actor = await authenticator.authenticate(token);
  if (access !== 'signedIn' && !access.some((role) => hasRole(actor, role))) {
    throw Forbidden(`needs one of: ${access.join(', ')}`);
  }
  return actor;
}
