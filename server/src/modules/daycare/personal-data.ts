/**
 * The daycare part of "download my data" and "delete my account". A child's record is the
 * guardian's (the parent's): it is in their export, with the consents they and any preparer gave
 * and the conversation. Deleting the guardian's account gives back every place their enquiries
 * hold (a visit, a class seat, offered to the next family), then deletes the enquiries and their
 * messages. A preparer (a grandparent) is only unlinked from enquiries they prepared: those belong
 * to the parent. Safe to run again after an interruption: each place goes back once.
 */
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import type { PersonalDataContributor } from '../identity';
import type { CentreService } from './centres/service';
import { isId } from './centres/service';
import { EnquiryModel, MessageModel, type EnquiryDoc, type MessageDoc } from './enquiries/model';
import { OFFER_EXPIRY, RETENTION, type EnquiryService } from './enquiries/service';
import type { Scheduler } from '../../platform/scheduler';

export function daycarePersonalData(deps: {
  centres: CentreService;
  enquiries: EnquiryService;
  scheduler: Scheduler;
  clock: Clock;
}): PersonalDataContributor {
  const { centres, enquiries, scheduler, clock } = deps;
  return {
    name: 'daycare',

    async export(userId) {
      if (!isId(userId)) return { enquiries: [], preparedForOthers: [] };
      const mine = await EnquiryModel.find({ guardianId: userId })
        .sort({ createdAt: 1 })
        .lean<EnquiryDoc[]>();
      const messages = await MessageModel.find({ enquiryId: { $in: mine.map((e) => e._id) } })
        .sort({ at: 1 })
        .lean<MessageDoc[]>();
      const prepared = await EnquiryModel.find(
        { preparedBy: userId, guardianId: { $ne: userId } },
        { status: 1, providerId: 1 },
      ).lean<EnquiryDoc[]>();
      return {
        enquiries: mine.map((e) => ({
          id: String(e._id),
          providerId: String(e.providerId),
          preference: e.preference,
          child: e.child,
          desiredStart: e.desiredStart,
          schedule: e.schedule,
          questions: e.questions,
          status: e.status,
          createdAt: e.createdAt.toISOString(),
          consents: e.consents.map((c) => ({
            userId: String(c.userId),
            version: c.version,
            wording: c.wording,
            at: new Date(c.at).toISOString(),
          })),
          history: e.history.map((h) => ({
            action: h.action,
            from: h.from,
            to: h.to,
            at: new Date(h.at).toISOString(),
          })),
          messages: messages
            .filter((m) => m.enquiryId.equals(e._id))
            .map((m) => ({ from: m.from, text: m.text, at: m.at.toISOString() })),
        })),
        preparedForOthers: prepared.map((e) => ({
          id: String(e._id),
          providerId: String(e.providerId),
          status: e.status,
        })),
      };
    },

    async erase(userId) {
      if (!isId(userId)) return;
      const mine = await EnquiryModel.find({ guardianId: userId }).lean<EnquiryDoc[]>();
      for (const e of mine) {
        if (e.visit && e.visit.startsAt > clock.now()) await centres.releaseVisitPlace(e.visit.slotId, e._id);
        await scheduler.cancel(OFFER_EXPIRY, String(e._id));
        await scheduler.cancel(RETENTION, String(e._id));
        await MessageModel.deleteMany({ enquiryId: e._id });
        // The record goes before the seat is offered on, so the queue no longer holds this child.
        await EnquiryModel.deleteOne({ _id: e._id });
        if (e.classId && e.status !== 'enrolled') {
          await centres.releaseSeat(e.classId, e._id);
          await enquiries.offerFreePlace(e.classId);
        } else if (e.classId) {
          // An enrolled child stays counted as a place, but by birth month only, with no link back.
          await centres.anonymiseSeat(e.classId, e._id);
        }
      }
      await EnquiryModel.updateMany(
        { preparedBy: new Types.ObjectId(userId) },
        { $unset: { preparedBy: 1 } },
      );
    },
  };
}
