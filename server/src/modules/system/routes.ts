/**
 * System routes: whether the API is up and can reach its database. Load balancers and the
 * container runtime probe these, so they are public, cheap and exempt from rate limiting:
 *  - /api/health/live  liveness: the process serves HTTP (restart it when this fails);
 *  - /api/health/ready readiness: the database answers too (send it traffic only then);
 *  - /api/health       the same answer as readiness, with the body monitors already read.
 * A database outage makes an instance unready, never un-live: restarting it would not bring the
 * database back, and it reconnects by itself when the database returns.
 */
import { HealthSchema, LivenessSchema } from '@linli/shared';
import type { DatabaseProbe } from '../../platform/database';
import { route, type ApiModule, type RouteContext } from '../../platform/routes';
import { sharedDatabaseCheck } from './database-check';

export const HEALTH_PATH = '/api/health';
/** Every probe path; none of them counts against the rate limit. */
export const PROBE_PATHS: readonly string[] = [HEALTH_PATH, `${HEALTH_PATH}/live`, `${HEALTH_PATH}/ready`];

export function systemModule({ database, version }: { database: DatabaseProbe; version: string }): ApiModule {
  const checkDatabase = sharedDatabaseCheck(() => database.ping());
  const readiness = async (ctx: RouteContext<Record<never, never>, 'public'>) => {
    try {
      await checkDatabase();
      return { status: 'ok' as const, db: database.mode, version };
    } catch (err) {
      ctx.state.log.warn({ err }, 'health check: database ping failed');
      ctx.status = 503;
      return { status: 'degraded' as const, db: database.mode, version };
    }
  };
  return {
    name: 'system',
    basePath: '/api',
    routes: [
      route({
        method: 'get',
        path: '/health',
        summary: 'Report whether the API is up and its database answers',
        auth: 'public',
        responses: {
          200: HealthSchema,
          503: { description: 'The database did not answer: status is "degraded"', schema: HealthSchema },
        },
        handler: readiness,
      }),
      route({
        method: 'get',
        path: '/health/live',
        summary: 'Liveness probe: the process serves HTTP (does not look at the database)',
        auth: 'public',
        responses: { 200: LivenessSchema },
        handler: async () => ({ status: 'ok' as const, version }),
      }),
      route({
        method: 'get',
        path: '/health/ready',
        summary: 'Readiness probe: the process serves HTTP and its database answers',
        auth: 'public',
        responses: {
          200: HealthSchema,
          503: {
            description:
              'The database did not answer: take this instance out of rotation until it is 200 again',
            schema: HealthSchema,
          },
        },
        handler: readiness,
      }),
    ],
  };
}
