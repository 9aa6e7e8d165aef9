/**
 * System routes: whether the API is up and can reach its database. Load balancers and the
 * container runtime probe /api/health, so it is public, cheap and exempt from rate limiting.
 */
import { HealthSchema } from '@linli/shared';
import type { DatabaseProbe } from '../../platform/database';
import { route, type ApiModule } from '../../platform/routes';
import { sharedDatabaseCheck } from './database-check';

export const HEALTH_PATH = '/api/health';

export function systemModule({ database, version }: { database: DatabaseProbe; version: string }): ApiModule {
  const checkDatabase = sharedDatabaseCheck(() => database.ping());
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
        handler: async (ctx) => {
          try {
            await checkDatabase();
            return { status: 'ok', db: database.mode, version };
          } catch (err) {
            ctx.state.log.warn({ err }, 'health check: database ping failed');
            ctx.status = 503;
            return { status: 'degraded', db: database.mode, version };
          }
        },
      }),
    ],
  };
}
