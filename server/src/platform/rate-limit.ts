/**
 * Per-client request budget. The limiter is any rate-limiter-flexible limiter: memory for a single
 * instance (the default), Redis when several instances share the load (main.ts builds it from
 * REDIS_URL), so a client spread over instances gets the configured budget, not one per instance.
 */
import type { Middleware } from 'koa';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from './logger';
import { closeRedisClients, destroyRedisClients, redisClient } from './redis';
import type { AppState } from './context';
import { TooManyRequests } from './errors';

export type RateLimiter = Pick<RateLimiterAbstract, 'consume' | 'points'>;

export function createMemoryRateLimiter({
  points,
  durationSeconds,
}: {
  points: number;
  durationSeconds: number;
}) {
  return new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix: 'api' });
}

/**
 * The budget kept in Redis, shared by every instance. While Redis is unreachable each instance
 * counts on its own (the insurance limiter) instead of waiting: commands are not queued offline,
 * so a request never hangs on a Redis that is gone.
 */
export async function createRedisRateLimiter(
  options: { points: number; durationSeconds: number; url: string },
  logger: Logger,
): Promise<{ limiter: RateLimiter; close(): Promise<void> }> {
  const { points, durationSeconds, url } = options;
  const client = redisClient(url, 'rate limiter', logger.child({ component: 'rate-limit' }), {
    offlineQueue: false,
  });
  try {
    await client.connect();
  } catch (err) {
    destroyRedisClients([client]);
    throw err;
  }
  const limiter = new RateLimiterRedis({
    storeClient: client,
    useRedisPackage: true,
    rejectIfRedisNotReady: true,
    points,
    duration: durationSeconds,
    keyPrefix: 'linli#api',
    insuranceLimiter: createMemoryRateLimiter({ points, durationSeconds }),
  });
  return { limiter, close: () => closeRedisClients([client]) };
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Paths that never count (health probes run every few seconds from the load balancer). */
  skip?: (path: string) => boolean;
}

export function rateLimit({ limiter, skip = () => false }: RateLimitOptions): Middleware<AppState> {
  return async function limitRate(ctx, next) {
    if (skip(ctx.path)) return next();
    // ctx.ip honours X-Forwarded-For only when config http.trustProxy is on (app.proxy).
    const key = ctx.ip || 'unknown';
    let result: RateLimiterRes;
    try {
      result = await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        ctx.set(limitHeaders(limiter.points, rejection));
        throw TooManyRequests(rejection.msBeforeNext / 1000);
      }
      // The store itself failed (e.g. Redis down). Serving without a limit beats refusing everyone.
      ctx.state.log.warn({ err: rejection }, 'rate limiter unavailable; request let through');
      return next();
    }
    ctx.set(limitHeaders(limiter.points, result));
    return next();
  };
}

/** The IETF draft RateLimit-* headers, so well-behaved clients can slow down before a 429. */
function limitHeaders(points: number, res: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Limit': String(points),
    'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  };
}
