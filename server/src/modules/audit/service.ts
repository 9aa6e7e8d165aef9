/**
 * audit.record(...) is what every module calls after a staff change to a resident's record
 * (a membership decision, tags, a carer link decided by the committee). Before/after are scrubbed
 * of phone numbers on the way in, so the log never becomes a second copy of them.
 */
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import { AuditEntryModel, type AuditEntryDoc } from './model';
import { findPage } from '../../platform/paging';

export interface AuditRecordInput {
  actorId: string;
  action: string;
  subjectUserId?: string;
  communityId: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  actorId: string;
  action: string;
  subjectUserId?: string;
  subjectErased: boolean;
  communityId: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
  at: Date;
}

const PHONE_KEY = /phone|mobile|tel/i;
const PHONE_NUMBER = /1\d{10}/g;

/** Drops phone-like fields and masks anything that looks like a mainland mobile number. */
export function scrubPhones(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(PHONE_NUMBER, (n) => `${n.slice(0, 3)}****${n.slice(7)}`);
  if (Array.isArray(value)) return value.map(scrubPhones);
  if (value instanceof Date || value === null || typeof value !== 'object') return value ?? null;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !PHONE_KEY.test(key))
      .map(([key, inner]) => [key, scrubPhones(inner)]),
  );
}

const toEntry = (d: AuditEntryDoc): AuditEntry => ({
  id: String(d._id),
  actorId: String(d.actorId),
  action: d.action,
  ...(d.subjectUserId ? { subjectUserId: String(d.subjectUserId) } : {}),
  subjectErased: d.subjectErased,
  communityId: String(d.communityId),
  target: { kind: d.target.kind, id: d.target.id },
  before: d.before,
  after: d.after,
  at: d.at,
});

export function createAuditService({ clock }: { clock: Clock }) {
  return {
    async record(input: AuditRecordInput): Promise<AuditEntry> {
      const doc = await AuditEntryModel.create({
        actorId: input.actorId,
        action: input.action,
        subjectUserId: input.subjectUserId ?? null,
        communityId: input.communityId,
        target: input.target,
        before: scrubPhones(input.before),
        after: scrubPhones(input.after),
        at: clock.now(),
      });
      return toEntry(doc.toObject());
    },

    async list(query: { communityId: string; subjectUserId?: string; page: number; pageSize: number }) {
      const filter = {
        communityId: query.communityId,
        ...(query.subjectUserId ? { subjectUserId: query.subjectUserId } : {}),
      };
      const found = await findPage<AuditEntryDoc>(AuditEntryModel, filter, { at: -1, _id: -1 }, query);
      return { ...found, items: found.items.map(toEntry) };
    },

    /** Entries about a person, for their data export (without the staff member's id). */
    async exportAbout(userId: string) {
      const docs = await AuditEntryModel.find({ subjectUserId: new Types.ObjectId(userId) })
        .sort({ at: 1 })
        .lean<AuditEntryDoc[]>();
      return docs.map((d) => ({
        action: d.action,
        target: d.target,
        before: d.before,
        after: d.after,
        at: d.at,
      }));
    },

    /**
     * The entries stay (they record what staff did); the person is no longer named in them. Ids in
     * before/after that equal the person's id are blanked too. Safe to run twice.
     */
    async anonymiseSubject(userId: string): Promise<void> {
      const docs = await AuditEntryModel.find({ subjectUserId: new Types.ObjectId(userId) }).lean<
        AuditEntryDoc[]
      >();
      for (const d of docs) {
        await AuditEntryModel.updateOne(
          { _id: d._id },
          {
            $set: {
              subjectUserId: null,
              subjectErased: true,
              before: blankId(d.before, userId),
              after: blankId(d.after, userId),
            },
          },
        );
      }
    },
  };
}

function blankId(value: unknown, userId: string): unknown {
  if (typeof value === 'string') return value === userId ? null : value;
  if (Array.isArray(value)) return value.map((v) => blankId(v, userId));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, blankId(v, userId)]),
  );
}

export type AuditService = ReturnType<typeof createAuditService>;
