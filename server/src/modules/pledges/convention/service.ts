/**
 * Publishing convention versions, signing them, and the committee's view of who signed: a list per
 * version and a map per building (households with at least one signature of the version / all
 * households). A new version invites everyone who signed an earlier one to sign again.
 */
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { isDuplicateKey } from '../../../platform/database-errors';
import { BadRequest, NotFound, ValidationFailed } from '../../../platform/errors';
import type { CommunitiesService } from '../../communities';
import type { DomainEventBus } from '../../domain-events';
import { conflict } from '../errors';
import { isId } from '../projects/service';
import {
  ConventionVersionModel,
  SignatureModel,
  type ConventionVersionDoc,
  type SignatureDoc,
} from './model';
import '../events';

export interface ConventionDeps {
  clock: Clock;
  events: DomainEventBus;
  communities: Pick<CommunitiesService, 'listBuildings' | 'allHouseholdsOf'>;
}

/** A problem with one field of the publish form, worded for the committee member who typed it. */
const fieldProblem = (path: string, zh: string, en: string) =>
  ValidationFailed([{ location: 'body', path, reason: 'custom', params: { text: { 'zh-CN': zh, en } } }]);

/** True for a calendar date that exists (the schema checks only its shape: 2031-02-30 passes it). */
function isCalendarDate(day: string): boolean {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}

export function createConventionService(deps: ConventionDeps) {
  const { clock, events, communities } = deps;
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([ConventionVersionModel.init(), SignatureModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  const service = {
    async current(communityId: string): Promise<ConventionVersionDoc | undefined> {
      return (
        (await ConventionVersionModel.findOne({ communityId })
          .sort({ version: -1 })
          .lean<ConventionVersionDoc>()) ?? undefined
      );
    },

    async versions(communityId: string): Promise<ConventionVersionDoc[]> {
      return ConventionVersionModel.find({ communityId })
        .sort({ version: -1 })
        .lean<ConventionVersionDoc[]>();
    },

    async findVersion(versionId: string): Promise<ConventionVersionDoc | undefined> {
      if (!isId(versionId)) return undefined;
      return (await ConventionVersionModel.findById(versionId).lean<ConventionVersionDoc>()) ?? undefined;
    },

    async publish(actor: Actor, communityId: string, body: { text: string; effectiveDate: string }) {
      await indexesBuilt();
      if (!isCalendarDate(body.effectiveDate))
        throw fieldProblem('effectiveDate', '没有这一天，请检查日期', 'is not a real calendar date');
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const last = await service.current(communityId);
        // Versions take effect in the order they are published, so "the version in force" is one.
        if (last && body.effectiveDate < last.effectiveDate)
          throw fieldProblem(
            'effectiveDate',
            `不能早于第 ${last.version} 版的生效日期 ${last.effectiveDate}`,
            `cannot be before version ${last.version} took effect (${last.effectiveDate})`,
          );
        if (last && last.text.trim() === body.text.trim())
          throw fieldProblem(
            'text',
            `与第 ${last.version} 版的内容相同，请修改后再发布`,
            `is the same as version ${last.version}; change it before publishing`,
          );
        try {
          const doc = (
            await ConventionVersionModel.create({
              communityId,
              version: (last?.version ?? 0) + 1,
              text: body.text,
              effectiveDate: body.effectiveDate,
              publishedAt: clock.now(),
              publishedBy: actor.userId,
            })
          ).toObject() as ConventionVersionDoc;
          const signers: Types.ObjectId[] = await SignatureModel.distinct('userId', {
            communityId: doc.communityId,
          });
          void events.emit('convention.published', {
            communityId,
            versionId: String(doc._id),
            version: doc.version,
            earlierSigners: signers.map(String),
          });
          return doc;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // another version was published at the same moment: number after it
        }
      }
      throw conflict({
        'zh-CN': '同时发布的版本过多，请稍后再试',
        en: 'too many versions published at once; try again',
      });
    },

    /** Signs once; a second signature of the same version answers with the first. */
    async sign(actor: Actor, version: ConventionVersionDoc, householdId?: string): Promise<SignatureDoc> {
      await indexesBuilt();
      const communityId = String(version.communityId);
      const homes = actor.homes.filter((h) => h.communityId === communityId);
      const home = householdId ? homes.find((h) => h.householdId === householdId) : homes[0];
      if (!home)
        throw BadRequest({
          'zh-CN': '请选择你在本社区的住户',
          en: 'choose one of your households in this community',
        });
      const signed = await SignatureModel.findOne({
        versionId: version._id,
        userId: actor.userId,
      }).lean<SignatureDoc>();
      if (signed) return signed;
      const latest = await service.current(communityId);
      if (latest && latest.version !== version.version)
        throw conflict({
          'zh-CN': '公约已有新版本，请签署最新版本',
          en: 'a newer version exists; sign the latest one',
        });
      try {
        const created = (
          await SignatureModel.create({
            communityId: version.communityId,
            versionId: version._id,
            version: version.version,
            userId: actor.userId,
            householdId: home.householdId,
            buildingId: home.buildingId,
            name: actor.profile?.displayName ?? '',
            signedAt: clock.now(),
          })
        ).toObject() as SignatureDoc;
        void events.emit('convention.signed', {
          communityId,
          versionId: String(version._id),
          householdId: String(home.householdId),
        });
        return created;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const first = await SignatureModel.findOne({
          versionId: version._id,
          userId: actor.userId,
        }).lean<SignatureDoc>();
        if (!first) throw err;
        return first;
      }
    },

    async signedVersions(userId: string, communityId: string): Promise<number[]> {
      const docs = await SignatureModel.find({ userId, communityId }, { version: 1 })
        .sort({ version: 1 })
        .lean<SignatureDoc[]>();
      return docs.map((d) => d.version);
    },

    async signatureCount(versionId: Types.ObjectId): Promise<number> {
      return SignatureModel.countDocuments({ versionId });
    },

    async signatures(versionId: Types.ObjectId): Promise<SignatureDoc[]> {
      return SignatureModel.find({ versionId }).sort({ signedAt: 1, _id: 1 }).lean<SignatureDoc[]>();
    },

    /** Households signed / total, per building, with each door for a grid. */
    async map(version: ConventionVersionDoc) {
      const communityId = String(version.communityId);
      const [buildings, households, signedIds] = await Promise.all([
        communities.listBuildings(communityId),
        communities.allHouseholdsOf(communityId),
        SignatureModel.distinct('householdId', { versionId: version._id }) as Promise<Types.ObjectId[]>,
      ]);
      const signed = new Set(signedIds.map(String));
      const rows = buildings.map((b) => {
        const doors = households
          .filter((h) => h.buildingId === b.id)
          .sort((x, y) => x.unit.localeCompare(y.unit, 'zh-CN', { numeric: true }))
          .map((h) => ({ householdId: h.id, unit: h.unit, signed: signed.has(h.id) }));
        return {
          buildingId: b.id,
          name: b.name,
          households: doors.length,
          signed: doors.filter((d) => d.signed).length,
          doors,
        };
      });
      return {
        versionId: String(version._id),
        version: version.version,
        buildings: rows,
        totals: {
          households: rows.reduce((s, r) => s + r.households, 0),
          signed: rows.reduce((s, r) => s + r.signed, 0),
        },
      };
    },

    async exportFor(userId: string) {
      if (!isId(userId)) return [];
      const docs = await SignatureModel.find({ userId }).sort({ signedAt: 1 }).lean<SignatureDoc[]>();
      return docs.map((d) => ({
        communityId: String(d.communityId),
        version: d.version,
        signedAt: d.signedAt.toISOString(),
      }));
    },

    /** Removes the person's signatures, so the map no longer counts them. */
    async eraseFor(userId: string) {
      if (!isId(userId)) return;
      await SignatureModel.deleteMany({ userId: new Types.ObjectId(userId) });
    },

    notFound: () => NotFound('conventionVersion'),
  };
  return service;
}

export type ConventionService = ReturnType<typeof createConventionService>;
