/**
 * Casting ballots: online by the voter, by a confirmed carer for an elder (a proxy ballot), or a
 * paper slip the committee enters for a unit. Every path inserts into the one collection whose
 * unique index allows one ballot per voter key, so whichever comes second is refused with a
 * message naming the first. A ballot may be changed until close only where the consultation
 * allows it, and only by whoever cast it (an elder cannot overwrite their carer's proxy vote).
 */
import { APPROVAL_OPTIONS, type CastBallotBody, type LocalizedText, type VoterKind } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { isDuplicateKey } from '../../../platform/database-errors';
import { AppError } from '../../../platform/errors';
import { ErrorCode } from '@linli/shared';
import type { DomainEventBus } from '../../domain-events';
import type { ConsultationDoc } from '../consultations/model';
import { AlreadyVoted, NotEligible, VotingClosed } from '../errors';
import type { ConsultationPorts } from '../ports';
import '../events';
import type { Electorate } from './electorate-service';
import { voterKeyFor } from './electorate-service';
import { BallotModel, type BallotDoc, type ElectorDoc } from './model';
import { newReceiptCode, receiptHashOf, sealOf } from './receipts';

const at = (d: Date) =>
  d.toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
const atEn = (d: Date) =>
  d.toLocaleString('en-GB', {
    timeZone: 'Asia/Shanghai',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

const choicesProblem = (reason: LocalizedText) =>
  new AppError(ErrorCode.VALIDATION_FAILED, `bad choices: ${reason.en}`, {
    params: { count: 1 },
    fields: [{ location: 'body', path: 'choices', reason: 'custom', params: { text: reason } }],
  });

/** The choices fit the ballot's form, or 400 naming `choices`. */
export function checkChoices(ballot: ConsultationDoc['ballot'], choices: readonly string[]): string[] {
  const known = ballot.kind === 'approval' ? [...APPROVAL_OPTIONS] : ballot.options.map((o) => o.id);
  const unique = [...new Set(choices)];
  if (unique.some((c) => !known.includes(c)))
    throw choicesProblem({
      'zh-CN': '选项不在本次投票中，请刷新后重选',
      en: 'a choice is not an option of this vote; refresh and choose again',
    });
  if (unique.length < ballot.minChoices || unique.length > ballot.maxChoices)
    throw choicesProblem(
      ballot.minChoices === ballot.maxChoices
        ? { 'zh-CN': `请选择 ${ballot.minChoices} 项`, en: `choose exactly ${ballot.minChoices}` }
        : {
            'zh-CN': `请选择 ${ballot.minChoices}–${ballot.maxChoices} 项`,
            en: `choose between ${ballot.minChoices} and ${ballot.maxChoices}`,
          },
    );
  return unique.sort();
}

export interface CastResult {
  ballot: BallotDoc;
  receiptCode: string;
  changed: boolean;
}

export function createBallots(deps: {
  electorate: Electorate;
  ports: Pick<ConsultationPorts, 'carerLinks' | 'users' | 'audit'>;
  events: DomainEventBus;
  clock: Clock;
  /** Bumps and reads the consultation's turnout counter (one conditional $inc). */
  countVote(consultationId: string): Promise<number>;
}) {
  const { electorate, ports, events, clock } = deps;

  function assertOpen(c: ConsultationDoc) {
    const now = clock.now();
    if (c.status !== 'voting' || now.getTime() >= c.votingClosesAt.getTime()) {
      throw VotingClosed(
        c.status === 'voting' || c.status === 'closed' || c.status === 'published'
          ? {
              'zh-CN': `投票已于 ${at(c.closedAt ?? c.votingClosesAt)} 截止`,
              en: `voting closed on ${atEn(c.closedAt ?? c.votingClosesAt)}`,
            }
          : { 'zh-CN': '投票尚未开始', en: 'voting has not opened yet' },
      );
    }
  }

  /** Words for the ballot already standing for this voter key: who, how and when. */
  async function describe(
    existing: BallotDoc,
    readerId: string | null,
    label: string,
  ): Promise<LocalizedText> {
    const when = { zh: at(existing.castAt), en: atEn(existing.castAt) };
    if (existing.voterKind === 'paper')
      return {
        'zh-CN': `${label}已由居委会于 ${when.zh} 录入纸质选票，不能再投`,
        en: `${label} already has a paper ballot, entered by the committee on ${when.en}`,
      };
    const caster = existing.castBy
      ? (await ports.users.getUsers([String(existing.castBy)])).get(String(existing.castBy))
      : undefined;
    const name = caster?.displayName ?? '另一位住户';
    if (existing.voterKind === 'proxy' && readerId && String(existing.voterId) === readerId)
      return {
        'zh-CN': `你的家属 ${name} 已于 ${when.zh} 代你投票，代投有效期间你不能再投`,
        en: `your carer ${name} voted for you on ${when.en}; while that vote stands you cannot vote again`,
      };
    if (readerId && String(existing.castBy) === readerId)
      return { 'zh-CN': `你已于 ${when.zh} 投过票`, en: `you already voted on ${when.en}` };
    return {
      'zh-CN': `${label}已由 ${name} 于 ${when.zh}${existing.voterKind === 'proxy' ? '代' : ''}投票（线上）`,
      en: `${label} already has an online ballot, cast by ${name} on ${when.en}`,
    };
  }

  const labelOf = (
    e: Pick<ElectorDoc, 'buildingName' | 'unit'>,
    eligibility: ConsultationDoc['eligibility'],
  ) => (eligibility === 'resident' ? '' : `${e.buildingName} ${e.unit} `);

  async function insert(
    c: ConsultationDoc,
    elector: ElectorDoc,
    fields: {
      voterKind: VoterKind;
      castBy: string;
      voterId: string | null;
      choices: string[];
      note?: string;
    },
    readerId: string | null,
  ): Promise<CastResult> {
    const receiptCode = newReceiptCode();
    const consultationId = String(c._id);
    const doc = {
      consultationId: c._id,
      voterKey: elector.voterKey,
      householdId: elector.householdId,
      buildingId: elector.buildingId,
      voterKind: fields.voterKind,
      castBy: new Types.ObjectId(fields.castBy),
      voterId: fields.voterId ? new Types.ObjectId(fields.voterId) : null,
      choices: fields.choices,
      receiptHash: receiptHashOf(consultationId, receiptCode),
      seal: sealOf(receiptCode, fields.choices),
      ...(fields.note ? { note: fields.note } : {}),
      castAt: clock.now(),
    };
    try {
      const created = await BallotModel.create(doc);
      const voted = await deps.countVote(consultationId);
      void events.emit('consultation.ballotCast', {
        consultationId,
        communityId: String(c.communityId),
        buildingId: String(elector.buildingId),
        voted,
      });
      return { ballot: created.toObject(), receiptCode, changed: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await BallotModel.findOne({
      consultationId: c._id,
      voterKey: elector.voterKey,
    }).lean<BallotDoc>();
    if (!existing) throw new Error('duplicate ballot vanished');
    const mayChange =
      c.allowChange &&
      fields.voterKind !== 'paper' &&
      existing.voterKind === fields.voterKind &&
      String(existing.castBy) === fields.castBy;
    if (!mayChange) {
      throw AlreadyVoted(await describe(existing, readerId, labelOf(elector, c.eligibility)), {
        voterKind: existing.voterKind,
        castAt: existing.castAt.toISOString(),
      });
    }
    // The change is conditional on the ballot being the one just read: two changes at once, one wins.
    const changed = await BallotModel.findOneAndUpdate(
      { _id: existing._id, receiptHash: existing.receiptHash },
      { $set: { choices: doc.choices, receiptHash: doc.receiptHash, seal: doc.seal, castAt: doc.castAt } },
      { returnDocument: 'after' },
    ).lean<BallotDoc>();
    if (!changed)
      throw AlreadyVoted({
        'zh-CN': '选票刚刚被修改过，请刷新后再试',
        en: 'this ballot was just changed; refresh and try again',
      });
    return { ballot: changed, receiptCode, changed: true };
  }

  const service = {
    /** Casts (or changes) a ballot online: for oneself, or as a confirmed carer for an elder. */
    async cast(actor: Actor, c: ConsultationDoc, body: CastBallotBody): Promise<CastResult> {
      assertOpen(c);
      const forUserId = body.forUserId ?? actor.userId;
      const proxy = forUserId !== actor.userId;
      if (proxy && !(await ports.carerLinks.isConfirmedCarer(actor.userId, forUserId))) {
        throw NotEligible({
          'zh-CN': '只有经长者确认的代办家属才能代其投票',
          en: 'only a carer the elder has confirmed may vote for them',
        });
      }
      const choices = checkChoices(c.ballot, body.choices);
      let electors = await electorate.forVoter(String(c._id), forUserId);
      if (body.householdId) electors = electors.filter((e) => String(e.householdId) === body.householdId);
      if (electors.length === 0) {
        throw NotEligible(
          c.eligibility === 'owner'
            ? {
                'zh-CN': '投票开始时你不在这次业主表决的名册上（需为该房屋已认证的业主或其指定投票人）',
                en: "you were not on this owners' vote's roll when voting opened (a verified owner of the unit, or its nominated voter)",
              }
            : {
                'zh-CN': '投票开始时你不在这次投票的名册上',
                en: "you were not on this vote's roll when voting opened",
              },
        );
      }
      if (electors.length > 1) {
        throw AlreadyVoted(
          {
            'zh-CN': '你可以为多户投票，请选择为哪一户投',
            en: 'you can vote for more than one household or unit; choose which',
          },
          { householdIds: electors.map((e) => String(e.householdId)) },
        );
      }
      return insert(
        c,
        electors[0],
        { voterKind: proxy ? 'proxy' : 'online', castBy: actor.userId, voterId: forUserId, choices },
        actor.userId,
      );
    },

    /** A paper slip for a unit or household, typed in by a committee member (audited). */
    async enterPaper(
      actor: Actor,
      c: ConsultationDoc,
      input: { householdId: string; choices: string[]; note?: string },
    ): Promise<CastResult> {
      assertOpen(c);
      if (c.eligibility === 'resident') {
        throw NotEligible({
          'zh-CN': '按居民个人投票的议题不录入纸质选票（纸质选票按户或按房屋录入）',
          en: 'paper ballots are entered per household or unit, not for a vote of each resident',
        });
      }
      const choices = checkChoices(c.ballot, input.choices);
      const elector = await electorate.byVoterKey(
        String(c._id),
        voterKeyFor(c.eligibility, input.householdId),
      );
      if (!elector) {
        throw NotEligible({
          'zh-CN': '该户不在本次投票的名册上',
          en: "this household is not on this vote's roll",
        });
      }
      const result = await insert(
        c,
        elector,
        {
          voterKind: 'paper',
          castBy: actor.userId,
          voterId: null,
          choices,
          ...(input.note ? { note: input.note } : {}),
        },
        null,
      );
      await ports.audit.record({
        actorId: actor.userId,
        action: 'consultation.paperBallot',
        communityId: String(c.communityId),
        target: { kind: 'consultationBallot', id: String(result.ballot._id) },
        before: null,
        after: {
          consultationId: String(c._id),
          unit: `${elector.buildingName} ${elector.unit}`,
          receiptHash: result.ballot.receiptHash,
          ...(c.secretBallot ? {} : { choices }),
          ...(input.note ? { note: input.note } : {}),
        },
      });
      return result;
    },

    /** Ballots the person cast, or that were cast for them or for a household they vote for. */
    async mine(c: ConsultationDoc, userId: string): Promise<BallotDoc[]> {
      const keys = (await electorate.forVoter(String(c._id), userId)).map((e) => e.voterKey);
      return BallotModel.find({
        consultationId: c._id,
        $or: [{ castBy: userId }, { voterId: userId }, { voterKey: { $in: keys } }],
      })
        .sort({ castAt: 1 })
        .lean<BallotDoc[]>();
    },

    async ofConsultation(consultationId: Types.ObjectId | string, castBefore?: Date): Promise<BallotDoc[]> {
      return BallotModel.find({
        consultationId,
        ...(castBefore ? { castAt: { $lte: castBefore } } : {}),
      })
        .sort({ castAt: 1, _id: 1 })
        .lean<BallotDoc[]>();
    },

    /** Which of these voter keys already have a ballot (without reading everyone's). */
    async castKeys(consultationId: Types.ObjectId, voterKeys: readonly string[]): Promise<Set<string>> {
      if (voterKeys.length === 0) return new Set();
      const docs = await BallotModel.find(
        { consultationId, voterKey: { $in: voterKeys } },
        { voterKey: 1 },
      ).lean<Pick<BallotDoc, 'voterKey'>[]>();
      return new Set(docs.map((d) => d.voterKey));
    },

    async byReceipt(consultationId: string, receiptHash: string): Promise<BallotDoc | null> {
      return BallotModel.findOne({ consultationId, receiptHash }).lean<BallotDoc>();
    },
  };
  return service;
}

export type Ballots = ReturnType<typeof createBallots>;
