/**
 * Centres, their classes and visit slots: the records enquiries are made against. Routes have
 * checked who may call; this checks what only the records can tell (the provider is a daycare
 * centre, a class never shrinks below the places it holds, a slot is in the future).
 */
import type { CentreSettingsBody, ClassBody, VisitSlotBody } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { BadRequest, Conflict, NotFound } from '../../../platform/errors';
import type { CommunitiesService, Provider } from '../../communities';
import { shanghaiInstant } from '../dates';
import type { UploadService } from '../../../platform/uploads';
import {
  CentreSettingsModel,
  ClassModel,
  DEFAULT_CENTRE_SETTINGS,
  VisitSlotModel,
  type CentreSettingsDoc,
  type ClassDoc,
  type SeatDoc,
  type VisitSlotDoc,
} from './model';

export const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
export const CENTRE_PHOTOS = 'daycareCentre';

export type CentreSettings = Omit<CentreSettingsDoc, '_id'> & { configured: boolean };

export interface CentreServiceDeps {
  communities: Pick<CommunitiesService, 'findProvider' | 'listProviders'>;
  clock: Clock;
  uploads: UploadService | undefined;
}

export function createCentreService({ communities, clock, uploads }: CentreServiceDeps) {
  const service = {
    /** The provider, if it exists and is a daycare centre; 404 otherwise. */
    async centre(providerId: string): Promise<Provider> {
      const provider = await communities.findProvider(providerId);
      if (!provider || provider.kind !== 'daycare') throw NotFound('daycareCentre');
      return provider;
    },

    async centresIn(communityIds: readonly string[]): Promise<Provider[]> {
      const found = new Map<string, Provider>();
      for (const communityId of new Set(communityIds))
        for (const p of await communities.listProviders({ communityId }))
          if (p.kind === 'daycare') found.set(p.id, p);
      return [...found.values()];
    },

    async settings(providerId: string): Promise<CentreSettings> {
      const doc = isId(providerId)
        ? await CentreSettingsModel.findOne({ providerId }).lean<CentreSettingsDoc>()
        : null;
      if (doc) return { ...DEFAULT_CENTRE_SETTINGS, ...doc, configured: true };
      return { providerId: new Types.ObjectId(providerId), ...DEFAULT_CENTRE_SETTINGS, configured: false };
    },

    async saveSettings(actor: Actor, providerId: string, input: CentreSettingsBody): Promise<CentreSettings> {
      await service.centre(providerId);
      const current = await service.settings(providerId);
      const kept = current.photos.filter((p) => input.photoIds.includes(p.id));
      const added = input.photoIds.filter((id) => !kept.some((p) => p.id === id));
      if (added.length && !uploads)
        throw BadRequest({
          'zh-CN': '暂不支持上传照片',
          en: 'photo uploads are not available on this server',
        });
      const attached =
        added.length && uploads
          ? await uploads.attach(actor, added, { kind: CENTRE_PHOTOS, recordId: providerId })
          : [];
      const byId = new Map(
        [...kept, ...attached].map((p) => [p.id, { id: p.id, width: p.width, height: p.height }]),
      );
      await CentreSettingsModel.updateOne(
        { providerId },
        {
          $set: {
            address: input.address,
            hours: input.hours,
            inclusive: input.inclusive,
            fees: input.fees,
            ageRangeMonths: input.ageRangeMonths,
            photos: input.photoIds.flatMap((id) => byId.get(id) ?? []),
            offerExpiryDays: input.offerExpiryDays,
            priorityRules: input.priorityRules,
            description: input.description,
            replyTemplates: input.replyTemplates,
          },
        },
        { upsert: true },
      );
      // A photo taken off the centre goes with its files, after the write that stopped showing it.
      const removed = current.photos.filter((p) => !input.photoIds.includes(p.id)).map((p) => p.id);
      if (removed.length && uploads)
        await uploads.removeSome({ kind: CENTRE_PHOTOS, recordId: providerId }, removed);
      return service.settings(providerId);
    },

    // ---- classes ----

    async classes(providerId: string): Promise<ClassDoc[]> {
      if (!isId(providerId)) return [];
      return ClassModel.find({ providerId }).sort({ createdAt: 1, _id: 1 }).lean<ClassDoc[]>();
    },

    async findClass(classId: string): Promise<ClassDoc | undefined> {
      if (!isId(classId)) return undefined;
      return (await ClassModel.findById(classId).lean<ClassDoc>()) ?? undefined;
    },

    async createClass(providerId: string, input: ClassBody): Promise<ClassDoc> {
      await service.centre(providerId);
      const doc = await ClassModel.create({ providerId, ...input, taken: 0, seats: {} });
      return doc.toObject() as ClassDoc;
    },

    /** The national cap is checked by the schema; here, never below the places already held. */
    async updateClass(cls: ClassDoc, input: ClassBody): Promise<ClassDoc> {
      const doc = await ClassModel.findOneAndUpdate(
        { _id: cls._id, taken: { $lte: input.capacity } },
        { $set: { name: input.name, band: input.band, capacity: input.capacity } },
        { returnDocument: 'after' },
      ).lean<ClassDoc>();
      if (doc) return doc;
      const now = await service.findClass(String(cls._id));
      throw Conflict(
        {
          'zh-CN': `该班已有 ${now?.taken ?? cls.taken} 个名额被占用（在读或已发放），容量不能低于此数`,
          en: `${now?.taken ?? cls.taken} places of this class are held (enrolled or offered); capacity cannot go below that`,
        },
        { taken: now?.taken ?? cls.taken },
      );
    },

    async deleteClass(cls: ClassDoc): Promise<void> {
      const res = await ClassModel.deleteOne({ _id: cls._id, taken: 0 });
      if (res.deletedCount !== 1)
        throw Conflict({
          'zh-CN': '班级里还有在读或已发放名额的孩子，不能删除',
          en: 'the class still holds enrolled or offered children; it cannot be deleted',
        });
    },

    /**
     * Children enrolled outside the platform, as birth months (for occupancy and ageing out):
     * replaces the centre-entered seats, keeping those that came through enquiries.
     */
    async setEnrolled(cls: ClassDoc, birthMonths: readonly string[]): Promise<ClassDoc> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await service.findClass(String(cls._id));
        if (!current) throw NotFound('daycareClass');
        const seats: Record<string, SeatDoc> = {};
        for (const [key, seat] of Object.entries(current.seats ?? {})) if (seat.enquiryId) seats[key] = seat;
        for (const birthMonth of birthMonths)
          seats[`m${new Types.ObjectId().toHexString()}`] = {
            kind: 'enrolled',
            birthMonth,
            since: clock.now(),
          };
        const taken = Object.keys(seats).length;
        if (taken > current.capacity)
          throw Conflict(
            {
              'zh-CN': `人数（${taken}）超过班级容量 ${current.capacity}`,
              en: `${taken} children is more than the class's capacity of ${current.capacity}`,
            },
            { taken, capacity: current.capacity },
          );
        const doc = await ClassModel.findOneAndUpdate(
          { _id: current._id, taken: current.taken, capacity: current.capacity },
          { $set: { seats, taken } },
          { returnDocument: 'after' },
        ).lean<ClassDoc>();
        if (doc) return doc;
      }
      throw Conflict({ 'zh-CN': '班级正在变动，请稍后再试', en: 'the class is changing; try again' });
    },

    /**
     * Holds a place for an enquiry (an offer): true if it holds one now. One conditional update;
     * asking again for the same enquiry changes nothing and answers true.
     */
    async takeSeat(classId: Types.ObjectId, enquiryId: Types.ObjectId, birthMonth: string): Promise<boolean> {
      const key = `seats.${String(enquiryId)}`;
      for (let attempt = 0; attempt < 5; attempt++) {
        const cls = await ClassModel.findById(classId).lean<ClassDoc>();
        if (!cls) return false;
        if (cls.seats?.[String(enquiryId)]) return true;
        if (cls.taken >= cls.capacity) return false;
        const res = await ClassModel.updateOne(
          { _id: classId, capacity: cls.capacity, taken: { $lt: cls.capacity }, [key]: { $exists: false } },
          {
            $inc: { taken: 1 },
            $set: { [key]: { kind: 'offered', birthMonth, enquiryId, since: clock.now() } },
          },
        );
        if (res.modifiedCount === 1) return true;
      }
      return false;
    },

    /** Gives an enquiry's place back; a second call finds no seat and does nothing. */
    async releaseSeat(classId: Types.ObjectId, enquiryId: Types.ObjectId): Promise<boolean> {
      const key = `seats.${String(enquiryId)}`;
      const res = await ClassModel.updateOne(
        { _id: classId, [key]: { $exists: true } },
        { $inc: { taken: -1 }, $unset: { [key]: 1 } },
      );
      return res.modifiedCount === 1;
    },

    async enrolSeat(classId: Types.ObjectId, enquiryId: Types.ObjectId): Promise<void> {
      const key = `seats.${String(enquiryId)}`;
      await ClassModel.updateOne(
        { _id: classId, [key]: { $exists: true } },
        { $set: { [`${key}.kind`]: 'enrolled' } },
      );
    },

    /** An enrolled child whose guardian left: the seat stays (the child is there), unlinked. */
    async anonymiseSeat(classId: Types.ObjectId, enquiryId: Types.ObjectId): Promise<void> {
      const cls = await service.findClass(String(classId));
      const seat = cls?.seats?.[String(enquiryId)];
      if (!cls || !seat) return;
      const key = `m${new Types.ObjectId().toHexString()}`;
      await ClassModel.updateOne(
        { _id: classId, [`seats.${String(enquiryId)}`]: { $exists: true } },
        {
          $unset: { [`seats.${String(enquiryId)}`]: 1 },
          $set: { [`seats.${key}`]: { kind: 'enrolled', birthMonth: seat.birthMonth, since: seat.since } },
        },
      );
    },

    // ---- visit slots ----

    async createSlot(providerId: string, input: VisitSlotBody): Promise<VisitSlotDoc> {
      await service.centre(providerId);
      const startsAt = shanghaiInstant(input.date, input.time);
      if (startsAt <= clock.now())
        throw BadRequest({ 'zh-CN': '参观时间须在将来', en: 'a visit slot must be in the future' });
      const doc = await VisitSlotModel.create({ providerId, startsAt, ...input, booked: 0, enquiryIds: [] });
      return doc.toObject() as VisitSlotDoc;
    },

    async slots(providerId: string, range: { from?: Date; to?: Date } = {}): Promise<VisitSlotDoc[]> {
      if (!isId(providerId)) return [];
      return VisitSlotModel.find({
        providerId,
        startsAt: { $gte: range.from ?? clock.now(), ...(range.to ? { $lt: range.to } : {}) },
      })
        .sort({ startsAt: 1 })
        .lean<VisitSlotDoc[]>();
    },

    async findSlot(slotId: string): Promise<VisitSlotDoc | undefined> {
      if (!isId(slotId)) return undefined;
      return (await VisitSlotModel.findById(slotId).lean<VisitSlotDoc>()) ?? undefined;
    },

    async deleteSlot(slot: VisitSlotDoc): Promise<void> {
      const res = await VisitSlotModel.deleteOne({ _id: slot._id, booked: 0 });
      if (res.deletedCount !== 1)
        throw Conflict({
          'zh-CN': '已有家长预约了这个时段，请先与他们改约',
          en: 'families have booked this slot; rearrange with them first',
        });
    },

    /** One place of a future slot for an enquiry; false when the slot is full or past. */
    async takeVisitPlace(slotId: Types.ObjectId, enquiryId: Types.ObjectId): Promise<boolean> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const slot = await VisitSlotModel.findById(slotId).lean<VisitSlotDoc>();
        if (!slot || slot.startsAt <= clock.now()) return false;
        if (slot.enquiryIds.some((id) => id.equals(enquiryId))) return true;
        if (slot.booked >= slot.places) return false;
        const res = await VisitSlotModel.updateOne(
          { _id: slotId, places: slot.places, booked: { $lt: slot.places }, enquiryIds: { $ne: enquiryId } },
          { $inc: { booked: 1 }, $push: { enquiryIds: enquiryId } },
        );
        if (res.modifiedCount === 1) return true;
      }
      return false;
    },

    async releaseVisitPlace(slotId: Types.ObjectId, enquiryId: Types.ObjectId): Promise<void> {
      await VisitSlotModel.updateOne(
        { _id: slotId, enquiryIds: enquiryId },
        { $inc: { booked: -1 }, $pull: { enquiryIds: enquiryId } },
      );
    },
  };
  return service;
}

export type CentreService = ReturnType<typeof createCentreService>;
