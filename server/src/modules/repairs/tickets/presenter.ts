/**
 * Tickets as each viewer may see them: public views hide who reported and who moved it; in-home
 * photos only reach those allowed (policy.ts sightOf); `actions` are the workflow moves this
 * viewer may take now, plus "me too" and the follow-up where open to them.
 */
import type { TicketView } from '@linli/shared';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import type { CommunitiesService } from '../../communities';
import type { UserService } from '../../identity';
import type { CategoryService } from '../categories/service';
import type { UploadRef, UploadService } from '../ports';
import { livesIn, rolesOn, sightOf } from '../policy';
import { ticketFlow } from './flow';
import type { TicketDoc } from './model';
import { followUpOpen, type TicketService } from './service';

export interface TicketViewerDeps {
  tickets: Pick<TicketService, 'meTooOf'>;
  categories: Pick<CategoryService, 'byIds'>;
  communities: Pick<CommunitiesService, 'listBuildings'>;
  users: Pick<UserService, 'getUsers'>;
  uploads: Pick<UploadService, 'present'> | undefined;
  clock: Clock;
}

export function ticketViewer(deps: TicketViewerDeps) {
  const present = (refs: readonly UploadRef[]) =>
    deps.uploads
      ? deps.uploads.present(refs).map((p) => ({ id: p.id, url: p.url, thumbUrl: p.thumbUrl }))
      : [];

  async function showAll(actor: Actor, tickets: readonly TicketDoc[]): Promise<TicketView[]> {
    const categories = await deps.categories.byIds([...new Set(tickets.map((t) => String(t.categoryId)))]);
    const people = new Set<string>();
    for (const t of tickets) {
      if (t.reporterId) people.add(String(t.reporterId));
      if (t.assigneeId) people.add(String(t.assigneeId));
      for (const h of t.history) if (h.by) people.add(String(h.by));
    }
    const users = await deps.users.getUsers([...people]);
    const buildings = new Map<string, string>();
    for (const communityId of new Set(tickets.map((t) => String(t.communityId))))
      for (const b of await deps.communities.listBuildings(communityId)) buildings.set(b.id, b.name);
    const now = deps.clock.now();
    const nameOf = (id: unknown) => (id ? (users.get(String(id))?.displayName ?? '') : '');

    return Promise.all(
      tickets.map(async (t): Promise<TicketView> => {
        const iSaidMeToo = t.area === 'public' ? await deps.tickets.meTooOf(actor.userId, t._id) : false;
        const sight = sightOf(actor, t, iSaidMeToo);
        const category = categories.get(String(t.categoryId));
        const roles = rolesOn(actor, t);
        const actions: TicketView['actions'] = ticketFlow.actionsFor(t.status, roles).filter(
          // The quote is for in-home work only; merging is for public-area duplicates.
          (a) => (a !== 'quote' || t.area === 'home') && (a !== 'merge' || t.area === 'public'),
        );
        const isReporter = roles.includes('reporter');
        if (
          t.area === 'public' &&
          t.open &&
          !isReporter &&
          !iSaidMeToo &&
          livesIn(actor, String(t.communityId))
        )
          actions.push('meToo');
        if (followUpOpen(actor, t, now)) actions.push('followUp');
        const assignee = t.assigneeId ? { id: String(t.assigneeId), name: nameOf(t.assigneeId) } : null;
        return {
          id: String(t._id),
          communityId: String(t.communityId),
          providerId: String(t.providerId),
          category: {
            id: String(t.categoryId),
            code: category?.code ?? '',
            name: category?.name ?? '',
            group: category?.group ?? '',
          },
          area: t.area,
          status: t.status,
          urgency: t.urgency,
          description: t.description,
          place: t.place,
          buildingId: t.buildingId ? String(t.buildingId) : null,
          buildingName: t.buildingId ? (buildings.get(String(t.buildingId)) ?? null) : null,
          householdId: sight.names && t.householdId ? String(t.householdId) : null,
          assetCode: t.assetCode ?? null,
          preferredTimes: t.preferredTimes ?? [],
          fields: t.fields ?? {},
          photos: sight.photos ? present(t.photos) : [],
          reporterName: sight.names && t.reporterId ? nameOf(t.reporterId) : null,
          filedByStaff: Boolean(t.filedBy),
          assignee: sight.names ? assignee : null,
          quote: t.quote?.amountFen
            ? { amountFen: t.quote.amountFen, approved: t.quote.approved ?? null }
            : null,
          rating: t.rating ?? null,
          comment: sight.names ? (t.comment ?? null) : null,
          meTooCount: t.meTooCount,
          iSaidMeToo,
          mergedInto: t.mergedInto ? String(t.mergedInto) : null,
          dueAt: t.dueAt.toISOString(),
          overdue: t.open && t.dueAt.getTime() <= now.getTime(),
          escalated: Boolean(t.escalatedAt),
          createdAt: t.createdAt.toISOString(),
          resolvedAt: t.resolvedAt?.toISOString() ?? null,
          closedAt: t.closedAt?.toISOString() ?? null,
          followUp: t.followUp ?? null,
          history: t.history.map((h) => ({
            action: h.action,
            from: h.from ?? null,
            to: h.to,
            byName: sight.names && h.by ? nameOf(h.by) : null,
            role: h.role,
            at: h.at.toISOString(),
            note: h.note ?? '',
            photos: sight.photos ? present(h.photos ?? []) : [],
          })),
          actions,
        };
      }),
    );
  }

  return {
    showAll,
    async show(actor: Actor, t: TicketDoc): Promise<TicketView> {
      return (await showAll(actor, [t]))[0]!;
    },
  };
}
