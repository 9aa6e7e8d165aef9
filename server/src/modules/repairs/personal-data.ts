/**
 * The repairs part of "download my data" and "delete my account".
 *
 * Export: the tickets the person reported (with their photos' references) and those they said
 * "me too" to.
 * Erase, safe to run again:
 *  1. their "me too"s go, and each ticket's count drops by one for each removed;
 *  2. their in-home tickets lose everything about the home and the person: description, answers,
 *     preferred times, comment, photos (deleted with the uploads service); an open one is
 *     cancelled, since nobody is left to let the technician in. They stay as counts for the team;
 *  3. their public-area tickets stay (the broken lift is still broken) without the person: the
 *     reporter and their name in the timeline are dropped, the comment cleared.
 */
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { PersonalDataContributor } from '../identity';
import { isId } from './categories/service';
import { TICKET_UPLOAD_KIND, type UploadService } from './ports';
import { RepairMeTooModel, RepairTicketModel, type TicketDoc } from './tickets/model';

export function repairsPersonalData(deps: {
  clock: Clock;
  uploads: UploadService | undefined;
}): PersonalDataContributor {
  return {
    name: 'repairs',

    async export(userId) {
      if (!isId(userId)) return { tickets: [], meToo: [] };
      const user = new Types.ObjectId(userId);
      const [tickets, meToos] = await Promise.all([
        RepairTicketModel.find({ reporterId: user }).sort({ createdAt: 1, _id: 1 }).lean<TicketDoc[]>(),
        RepairMeTooModel.find({ userId: user }).sort({ at: 1 }).lean(),
      ]);
      return {
        tickets: tickets.map((t) => ({
          id: String(t._id),
          communityId: String(t.communityId),
          categoryId: String(t.categoryId),
          area: t.area,
          status: t.status,
          urgency: t.urgency,
          description: t.description,
          place: t.place,
          householdId: t.householdId ? String(t.householdId) : null,
          preferredTimes: t.preferredTimes,
          fields: t.fields,
          photos: t.photos.map((p) => ({ id: p.id, width: p.width, height: p.height })),
          rating: t.rating ?? null,
          comment: t.comment ?? null,
          followUp: t.followUp ?? null,
          filedByStaff: Boolean(t.filedBy),
          reportedAt: t.createdAt.toISOString(),
        })),
        meToo: meToos.map((m) => ({ ticketId: String(m.ticketId), at: m.at.toISOString() })),
      };
    },

    async erase(userId) {
      if (!isId(userId)) return;
      const user = new Types.ObjectId(userId);
      for (const m of await RepairMeTooModel.find({ userId: user }).lean()) {
        const removed = await RepairMeTooModel.deleteOne({ _id: m._id });
        if (removed.deletedCount === 1)
          await RepairTicketModel.updateOne(
            { _id: m.ticketId, meTooCount: { $gt: 0 } },
            { $inc: { meTooCount: -1 } },
          );
      }
      const now = deps.clock.now();
      for (const t of await RepairTicketModel.find({ reporterId: user }).lean<TicketDoc[]>()) {
        if (t.area === 'home') {
          await deps.uploads?.removeFor({ kind: TICKET_UPLOAD_KIND, recordId: String(t._id) });
          const cancel = t.open
            ? {
                status: 'cancelled',
                open: false,
                history: [
                  ...t.history,
                  {
                    action: 'erase',
                    from: t.status,
                    to: 'cancelled',
                    by: null,
                    role: 'system',
                    at: now,
                    note: '报修人已注销账户',
                    photos: [],
                  },
                ],
              }
            : {};
          await RepairTicketModel.updateOne(
            { _id: t._id },
            {
              $set: {
                reporterId: null,
                description: '（报修人已注销）',
                fields: {},
                preferredTimes: [],
                photos: [],
                ...cancel,
              },
              $unset: { householdId: '', comment: '', location: '' },
            },
          );
          await RepairTicketModel.updateOne({ _id: t._id }, { $set: { 'history.$[].photos': [] } });
        } else {
          await RepairTicketModel.updateOne(
            { _id: t._id },
            { $set: { reporterId: null }, $unset: { comment: '' } },
          );
        }
      }
      // Their name leaves every timeline they acted in as a reporter.
      await RepairTicketModel.updateMany(
        { 'history.by': user },
        { $set: { 'history.$[mine].by': null } },
        { arrayFilters: [{ 'mine.by': user, 'mine.role': 'reporter' }] },
      );
    },
  };
}
