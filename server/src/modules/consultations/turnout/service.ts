/**
 * Turnout (how many of the roll have voted, by building; for owners' decisions the participation
 * gauges), the results (only where policy.ts lets them show), non-voters by door, reminders that
 * reach only those who have not voted, the published receipt list and its check, and the
 * committee's audit export. Turnout never carries a choice: while results are hidden the approval
 * gauges are left out, not zeroed.
 */
import {
  APPROVAL_OPTIONS,
  CIVIL_CODE_278,
  formatCentiArea,
  maskPhone,
  type LocalizedText,
  type OwnerMatter,
} from '@linli/shared';
import type { Locale } from '@linli/shared';
import type { Ballots } from '../ballots/service';
import type { Electorate } from '../ballots/electorate-service';
import type { BallotDoc, ElectorDoc } from '../ballots/model';
import { receiptHashOf, sealOf } from '../ballots/receipts';
import type { ConsultationDoc } from '../consultations/model';
import { countOwnersDecision, type OwnerChoice } from '../counting/owners-decision';
import { shortfalls } from '../counting/shortfall';
import { tallyOptions } from '../counting/tally';
import { choicesMayShow } from '../policy';
import type { ConsultationPorts } from '../ports';
import type { DomainEventBus } from '../../domain-events';
import '../events';

function buildingsOf(electors: readonly ElectorDoc[]) {
  const names = new Map<string, string>();
  for (const e of electors) names.set(String(e.buildingId), e.buildingName);
  return [...names].map(([buildingId, buildingName]) => ({ buildingId, buildingName }));
}

export function createTurnout(deps: {
  electorate: Electorate;
  ballots: Ballots;
  ports: Pick<ConsultationPorts, 'users'>;
  events: DomainEventBus;
}) {
  const { electorate, ballots, ports, events } = deps;

  function ownersCount(c: ConsultationDoc, electors: readonly ElectorDoc[], cast: readonly BallotDoc[]) {
    return countOwnersDecision(
      c.ruleSet ?? CIVIL_CODE_278,
      c.matter as OwnerMatter,
      electors.map((e) => ({
        unitId: String(e.householdId),
        buildingId: String(e.buildingId),
        areaCenti: e.areaCenti,
        ownerKey: e.ownerKey,
      })),
      cast.map((b) => ({ unitId: String(b.householdId), choice: b.choices[0] as OwnerChoice })),
    );
  }

  const service = {
    async turnout(c: ConsultationDoc, locale: Locale) {
      const electors = await electorate.ofConsultation(String(c._id));
      const cast = await ballots.ofConsultation(c._id, c.closedAt);
      const voted = new Set(cast.map((b) => b.voterKey));
      const byBuilding = buildingsOf(electors).map((b) => {
        const inBuilding = electors.filter((e) => String(e.buildingId) === b.buildingId);
        return {
          ...b,
          eligible: inBuilding.length,
          voted: inBuilding.filter((e) => voted.has(e.voterKey)).length,
        };
      });
      const base = { eligible: electors.length, voted: voted.size, byBuilding };
      if (c.eligibility !== 'owner') return base;
      const count = ownersCount(c, electors, cast);
      const showApproval = choicesMayShow(c);
      const gauges = count.gauges.filter((g) => showApproval || g.key.startsWith('participation'));
      const words = shortfalls(gauges);
      const say = (t: LocalizedText | undefined) => (t ? t[locale] : undefined);
      return {
        ...base,
        gauges,
        missing: {
          ...(words.participation ? { participation: say(words.participation) } : {}),
          ...(words.approval ? { approval: say(words.approval) } : {}),
        },
      };
    },

    /** The count: call only where policy's canSeeResults allows. */
    async results(c: ConsultationDoc) {
      const electors = await electorate.ofConsultation(String(c._id));
      const cast = await ballots.ofConsultation(c._id, c.closedAt);
      const options =
        c.ballot.kind === 'approval'
          ? c.ballot.options.filter((o) => (APPROVAL_OPTIONS as readonly string[]).includes(o.id))
          : c.ballot.options;
      const tally = tallyOptions(
        options.map((o) => o.id),
        cast.map((b) => ({ buildingId: String(b.buildingId), choices: b.choices })),
      );
      const names = new Map(buildingsOf(electors).map((b) => [b.buildingId, b.buildingName]));
      const owners = c.eligibility === 'owner' ? ownersCount(c, electors, cast) : undefined;
      return {
        consultationId: String(c._id),
        final: c.status === 'closed' || c.status === 'published',
        ballots: tally.ballots,
        byOption: options.map((o) => ({
          ...o,
          ballots: tally.byOption[o.id] ?? 0,
          ...(owners ? { areaCenti: owners.byChoice[o.id as OwnerChoice].areaCenti } : {}),
        })),
        byBuilding: tally.byBuilding
          .map((b) => ({
            buildingId: b.buildingId,
            buildingName: names.get(b.buildingId) ?? '',
            ballots: b.ballots,
            byOption: options.map((o) => ({ ...o, ballots: b.byOption[o.id] ?? 0 })),
          }))
          .sort((a, b) => a.buildingName.localeCompare(b.buildingName, 'zh-CN')),
        ...(owners
          ? {
              owners: {
                matter: owners.matter,
                totals: owners.totals,
                participating: owners.participating,
                agreeing: owners.agreeing,
                gauges: owners.gauges,
                participationMet: owners.participationMet,
                approvalMet: owners.approvalMet,
                passed: owners.passed,
              },
              passed: owners.passed,
            }
          : {}),
      };
    },

    /**
     * Electors with no ballot yet, by building and door, with the people who could cast it. The
     * committee knocks on doors and reminds through the app: a list they may print or forward
     * needs to say who, not how to ring them, so phones are masked (138****1234) as identity shows
     * them to anyone but the person themself.
     */
    async nonVoters(c: ConsultationDoc, page: { page: number; pageSize: number }) {
      const electors = await electorate.ofConsultation(String(c._id));
      const voted = new Set((await ballots.ofConsultation(c._id)).map((b) => b.voterKey));
      const missing = electors
        .filter((e) => !voted.has(e.voterKey))
        .sort(
          (a, b) =>
            a.buildingName.localeCompare(b.buildingName, 'zh-CN') ||
            a.unit.localeCompare(b.unit, 'zh-CN', { numeric: true }),
        );
      const slice = missing.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
      const people = await ports.users.getUsers(slice.flatMap((e) => e.voterIds.map(String)));
      return {
        items: slice.map((e) => ({
          buildingId: String(e.buildingId),
          buildingName: e.buildingName,
          householdId: String(e.householdId),
          unit: e.unit,
          people: e.voterIds.flatMap((id) => {
            const p = people.get(String(id));
            return p
              ? [{ id: p.id, displayName: p.displayName, ...(p.phone ? { phone: maskPhone(p.phone) } : {}) }]
              : [];
          }),
          ...(c.eligibility === 'owner' ? { areaCenti: e.areaCenti } : {}),
        })),
        total: missing.length,
        ...page,
      };
    },

    /**
     * Reminds the people who could still vote and have not: a person who voted for one household
     * but not another is reminded only for the other; nobody whose every ballot is in hears of it.
     */
    async remind(c: ConsultationDoc): Promise<number> {
      const electors = await electorate.ofConsultation(String(c._id));
      const voted = new Set((await ballots.ofConsultation(c._id)).map((b) => b.voterKey));
      const userIds = [
        ...new Set(electors.filter((e) => !voted.has(e.voterKey)).flatMap((e) => e.voterIds.map(String))),
      ];
      if (userIds.length)
        void events.emit('consultation.reminded', {
          consultationId: String(c._id),
          communityId: String(c.communityId),
          title: c.title,
          userIds,
        });
      return userIds.length;
    },

    async receiptList(c: ConsultationDoc) {
      const cast = await ballots.ofConsultation(c._id, c.closedAt);
      return {
        consultationId: String(c._id),
        receipts: cast
          .map((b) => ({ receiptHash: b.receiptHash, seal: b.seal }))
          .sort((a, b) => a.receiptHash.localeCompare(b.receiptHash)),
      };
    },

    async verify(c: ConsultationDoc, code: string, locale: Locale) {
      const receiptHash = receiptHashOf(String(c._id), code);
      const ballot = await ballots.byReceipt(String(c._id), receiptHash);
      const counted = Boolean(ballot && (!c.closedAt || ballot.castAt.getTime() <= c.closedAt.getTime()));
      const asCast = Boolean(ballot && counted && sealOf(code, ballot.choices) === ballot.seal);
      const message: LocalizedText = !counted
        ? {
            'zh-CN': '没有找到这张回执对应的选票：请核对回执码（改投后旧回执作废）',
            en: 'no counted ballot has this receipt: check the code (a changed ballot voids its old receipt)',
          }
        : asCast
          ? { 'zh-CN': '这张选票已按投出时的选择计入结果', en: 'this ballot was counted as it was cast' }
          : {
              'zh-CN': '这张选票的内容与投出时不一致，请立即联系居委会',
              en: 'this ballot no longer matches what was cast; tell the committee at once',
            };
      return {
        counted,
        asCast,
        receiptHash,
        ...(ballot && counted ? { voterKind: ballot.voterKind, choices: ballot.choices } : {}),
        message: message[locale],
      };
    },

    /** The committee's audit record as CSV rows; choices only where the ballot is not secret and may show. */
    async auditRows(c: ConsultationDoc): Promise<string[][]> {
      const electors = new Map((await electorate.ofConsultation(String(c._id))).map((e) => [e.voterKey, e]));
      const cast = await ballots.ofConsultation(c._id);
      const withChoices = !c.secretBallot && choicesMayShow(c);
      const header = [
        'building',
        'unit',
        'area_m2',
        'voter_kind',
        'cast_at',
        'receipt_hash',
        ...(withChoices ? ['choices'] : []),
      ];
      const rows = cast.map((b) => {
        const e = electors.get(b.voterKey);
        return [
          e?.buildingName ?? '',
          e?.unit ?? '',
          e ? formatCentiArea(e.areaCenti) : '',
          b.voterKind,
          b.castAt.toISOString(),
          b.receiptHash,
          ...(withChoices ? [b.choices.join('|')] : []),
        ];
      });
      return [header, ...rows];
    },
  };
  return service;
}

export type Turnout = ReturnType<typeof createTurnout>;
