/**
 * "What is next for me": each service module registers a contributor that lists the signed-in
 * person's open items in that service (a ticket waiting for their confirmation, a vote open to
 * them); `GET /api/v1/me/next` asks every contributor at once and answers them sorted, most urgent
 * first. The platform knows no module: contributors come in from the composition root, the way
 * personal-data contributors do.
 *
 * One service failing (its store query throws) must not blank Home: its items are left out, the
 * answer names it in `unavailable`, and the failure is logged with the request's id.
 */
import { NEXT_UP_URGENCIES, NextUpView, type Locale, type NextUpItem } from '@linli/shared';
import type { Actor } from './context';
import { localeOf } from './i18n';
import type { Logger } from './logger';
import { API_V1, route, type ApiModule } from './routes';

export interface NextUpQuery {
  actor: Actor;
  locale: Locale;
  now: Date;
}

export interface NextUpContributor {
  /** The service, as logged and named in `unavailable`. */
  name: string;
  itemsFor(query: NextUpQuery): Promise<NextUpItem[]>;
}

const rank = new Map<string, number>(NEXT_UP_URGENCIES.map((u, i) => [u, i]));

/** Most urgent first; within an urgency the soonest first, undated after dated, then by title. */
export function byUrgency(a: NextUpItem, b: NextUpItem): number {
  const urgency = (rank.get(a.urgency) ?? 99) - (rank.get(b.urgency) ?? 99);
  if (urgency !== 0) return urgency;
  if (a.at !== b.at) {
    if (a.at === undefined) return 1;
    if (b.at === undefined) return -1;
    return Date.parse(a.at) - Date.parse(b.at);
  }
  return a.title.localeCompare(b.title, 'zh-CN');
}

export function createNextUpRegistry() {
  const contributors: NextUpContributor[] = [];
  return {
    register(contributor: NextUpContributor): void {
      if (contributors.some((c) => c.name === contributor.name))
        throw new Error(`next-up contributor "${contributor.name}" registered twice`);
      contributors.push(contributor);
    },

    /** Every contributor at once; a failing one is logged and named, the others still answer. */
    async collect(query: NextUpQuery, log: Logger): Promise<NextUpView> {
      const answers = await Promise.all(
        contributors.map(async (c) => {
          try {
            return { name: c.name, items: await c.itemsFor(query) };
          } catch (err) {
            log.error({ err, contributor: c.name }, `next-up: ${c.name} could not list its items`);
            return { name: c.name, items: null };
          }
        }),
      );
      return {
        items: answers.flatMap((a) => a.items ?? []).sort(byUrgency),
        unavailable: answers.filter((a) => a.items === null).map((a) => a.name),
      };
    },
  };
}

export type NextUpRegistry = ReturnType<typeof createNextUpRegistry>;

export function nextUpApi(registry: NextUpRegistry, clock: { now(): Date }): ApiModule {
  return {
    name: 'next up',
    basePath: API_V1,
    routes: [
      route({
        method: 'get',
        path: '/me/next',
        summary: 'My open requests across the services, most urgent first (Home\'s "what is next for me")',
        auth: 'signedIn',
        responses: { 200: NextUpView },
        handler: (ctx) =>
          registry.collect(
            { actor: ctx.state.actor, locale: localeOf(ctx), now: clock.now() },
            ctx.state.log,
          ),
      }),
    ],
  };
}
