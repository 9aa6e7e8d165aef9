/**
 * Access tokens (short-lived JWTs, checked without a database read) and refresh tokens (random,
 * single use, stored as hashes, rotated in families). All times come from the injected Clock.
 */
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ErrorCode } from '@linli/shared';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors';
import { RefreshTokenModel } from './refresh-token-model';

const ACCESS_TYPE = 'access';
const DAY_MS = 24 * 60 * 60 * 1000;

export const tokenExpired = () => new AppError(ErrorCode.TOKEN_EXPIRED, 'access token expired');
export const tokenInvalid = (why: string) =>
  new AppError(ErrorCode.TOKEN_INVALID, `access token invalid: ${why}`);
export const refreshTokenInvalid = (why: string) =>
  new AppError(ErrorCode.REFRESH_TOKEN_INVALID, `refresh token invalid: ${why}`);
export const refreshTokenReused = () =>
  new AppError(ErrorCode.REFRESH_TOKEN_REUSED, 'refresh token presented twice; family revoked');

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createTokens({ config, clock }: { config: Config; clock: Clock }) {
  const { jwtSecret, accessTokenTtlSeconds, refreshTokenTtlDays } = config.auth;
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  // A KeyObject made once: given the secret as a string, jsonwebtoken first tries to read it as a
  // PEM public or private key and fails, on every call (about 2 ms each, most of a request's cost).
  const jwtKey = createSecretKey(Buffer.from(jwtSecret, 'utf8'));

  function signAccessToken(userId: string): string {
    const iat = nowSeconds();
    // iat and exp are set from our clock, not jsonwebtoken's Date.now().
    return jwt.sign({ sub: userId, typ: ACCESS_TYPE, iat, exp: iat + accessTokenTtlSeconds }, jwtKey, {
      algorithm: 'HS256',
    });
  }

  /** The user id the token was issued to; throws TOKEN_EXPIRED or TOKEN_INVALID. */
  function verifyAccessToken(token: string): string {
    let claims: string | jwt.JwtPayload;
    try {
      claims = jwt.verify(token, jwtKey, { algorithms: ['HS256'], clockTimestamp: nowSeconds() });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw tokenExpired();
      throw tokenInvalid((err as Error).message);
    }
    if (typeof claims === 'string' || claims.typ !== ACCESS_TYPE || typeof claims.sub !== 'string') {
      throw tokenInvalid('not an access token');
    }
    return claims.sub;
  }

  async function storeRefreshToken(userId: string, family: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await RefreshTokenModel.create({
      user: userId,
      family,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(clock.now().getTime() + refreshTokenTtlDays * DAY_MS),
    });
    return token;
  }

  async function revokeFamily(family: string): Promise<void> {
    await RefreshTokenModel.updateMany({ family, revokedAt: null }, { $set: { revokedAt: clock.now() } });
  }

  return {
    signAccessToken,
    verifyAccessToken,

    /** A new sign-in: a fresh family. */
    async issue(userId: string): Promise<TokenPair> {
      const refreshToken = await storeRefreshToken(userId, randomBytes(12).toString('base64url'));
      return { accessToken: signAccessToken(userId), refreshToken, expiresIn: accessTokenTtlSeconds };
    },

    /**
     * Trades a refresh token for a new pair in the same family. The conditional update is the
     * single point of truth: of two requests presenting the same token, exactly one marks it used.
     * `isUserActive` lets the caller refuse a deleted user before anything is issued.
     */
    async rotate(
      refreshToken: string,
      isUserActive: (userId: string) => Promise<boolean>,
    ): Promise<TokenPair & { userId: string }> {
      const tokenHash = hashRefreshToken(refreshToken);
      const now = clock.now();
      const claimed = await RefreshTokenModel.findOneAndUpdate(
        { tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      );
      if (!claimed) {
        const known = await RefreshTokenModel.findOne({ tokenHash });
        if (!known) throw refreshTokenInvalid('unknown');
        if (known.usedAt) {
          await revokeFamily(known.family);
          throw refreshTokenReused();
        }
        throw refreshTokenInvalid(known.revokedAt ? 'revoked' : 'expired');
      }
      const userId = claimed.user.toHexString();
      if (!(await isUserActive(userId))) {
        await revokeFamily(claimed.family);
        throw refreshTokenInvalid('user deleted');
      }
      const next = await storeRefreshToken(userId, claimed.family);
      // A reuse detected between our claim and our insert revoked the family without our new token:
      // check after inserting, so a stolen family can never keep a live descendant.
      if (await RefreshTokenModel.exists({ family: claimed.family, revokedAt: { $ne: null } })) {
        await revokeFamily(claimed.family);
        throw refreshTokenReused();
      }
      return {
        userId,
        accessToken: signAccessToken(userId),
        refreshToken: next,
        expiresIn: accessTokenTtlSeconds,
      };
    },

    /** Signs a session out: its whole family stops working. Only the owner's tokens count. */
    async revokeFamilyOf(refreshToken: string, userId: string): Promise<void> {
      const known = await RefreshTokenModel.findOne({ tokenHash: hashRefreshToken(refreshToken) });
      if (known && known.user.toHexString() === userId) await revokeFamily(known.family);
    },

    async revokeAllOf(userId: string): Promise<void> {
      await RefreshTokenModel.updateMany(
        { user: userId, revokedAt: null },
        { $set: { revokedAt: clock.now() } },
      );
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
