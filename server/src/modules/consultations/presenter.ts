/**
 * What a reader sees of a consultation: the consultation, whom they may vote for and whether each
 * has voted, their own ballots (choices only to whoever cast them), turnout, the results only
 * where policy lets them show, and the actions this reader may take now.
 */
import {
  CONSULTATION_STATUS_NAMES,
  OWNER_MATTER_NAMES,
  type ConsultationAction,
  type Locale,
} from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { Ballots } from './ballots/service';
import type { BallotDoc, ElectorDoc } from './ballots/model';
import type { Electorate } from './ballots/electorate-service';
import { consultationFlow } from './consultations/lifecycle';
import type { CommentDoc, ConsultationDoc } from './consultations/model';
import { canComment, canReply, canSee, canSeeResults, inAudience, isCommitteeOf } from './policy';
import type { ConsultationPorts, UploadsPort } from './ports';
import type { Turnout } from './turnout/service';

const iso = (d: Date | undefined) => (d ? { value: d.toISOString() } : undefined);

export function createPresenter(deps: {
  electorate: Electorate;
  ballots: Ballots;
  turnout: Turnout;
  ports: Pick<ConsultationPorts, 'carerLinks' | 'users'>;
  uploads: UploadsPort;
}) {
  const { electorate, ballots, turnout, ports, uploads } = deps;

  const attachmentsOf = (refs: ConsultationDoc['attachments']) => uploads.present(refs);

  /** Whom the reader may vote for here: their own roll entries and those of elders they care for. */
  async function voteAsOf(actor: Actor, c: ConsultationDoc) {
    if (c.status === 'draft' || c.status === 'discussion') return [];
    const elders = await ports.carerLinks.eldersOf(actor.userId);
    const entries: { forUserId: string; elector: ElectorDoc }[] = [];
    for (const userId of [actor.userId, ...elders]) {
      for (const e of await electorate.forVoter(String(c._id), userId))
        entries.push({ forUserId: userId, elector: e });
    }
    if (entries.length === 0) return [];
    const names = await ports.users.getUsers([...new Set(entries.map((e) => e.forUserId))]);
    const cast = await ballots.castKeys(
      c._id,
      entries.map((e) => e.elector.voterKey),
    );
    return entries.map(({ forUserId, elector }) => ({
      forUserId,
      forName: forUserId === actor.userId ? '本人' : (names.get(forUserId)?.displayName ?? ''),
      ...(c.eligibility !== 'resident'
        ? {
            householdId: String(elector.householdId),
            householdLabel: `${elector.buildingName} ${elector.unit}`,
          }
        : {}),
      voted: cast.has(elector.voterKey),
    }));
  }

  async function myBallotsOf(actor: Actor, c: ConsultationDoc) {
    if (c.status === 'draft' || c.status === 'discussion') return [];
    const mine = await ballots.mine(c, actor.userId);
    const electors = new Map(
      (await electorate.forVoter(String(c._id), actor.userId)).map((e) => [e.voterKey, e]),
    );
    const people = await ports.users.getUsers(
      mine.flatMap((b) =>
        [b.castBy, b.voterId].filter((x): x is NonNullable<typeof x> => Boolean(x)).map(String),
      ),
    );
    return mine.map((b: BallotDoc) => {
      const e = electors.get(b.voterKey);
      const castBySelf = String(b.castBy) === actor.userId;
      return {
        householdId: String(b.householdId),
        ...(e && c.eligibility !== 'resident' ? { householdLabel: `${e.buildingName} ${e.unit}` } : {}),
        voterKind: b.voterKind,
        ...(castBySelf
          ? {}
          : {
              castByName:
                b.voterKind === 'paper'
                  ? '居委会（纸质选票）'
                  : (people.get(String(b.castBy))?.displayName ?? ''),
            }),
        ...(b.voterId && String(b.voterId) !== actor.userId
          ? { forName: people.get(String(b.voterId))?.displayName ?? '' }
          : {}),
        castAt: b.castAt.toISOString(),
        ...(castBySelf ? { choices: b.choices } : {}),
      };
    });
  }

  function actionsOf(
    actor: Actor,
    c: ConsultationDoc,
    voteAs: { voted: boolean }[],
    mine: { voterKind: string; castByName?: string }[],
  ): ConsultationAction[] {
    const committee = isCommitteeOf(actor, String(c.communityId));
    const facts = {
      communityId: String(c.communityId),
      buildingIds: c.buildingIds.map(String),
      status: c.status,
      resultsHidden: c.resultsHidden,
    };
    const actions: ConsultationAction[] = [];
    if (committee) {
      if (c.status === 'draft' || c.status === 'discussion') actions.push('edit');
      actions.push(...consultationFlow.actionsFor(c.status, ['committee']));
      if (c.status === 'voting') actions.push('enterPaperBallot', 'remind', 'viewNonVoters');
      if (c.status !== 'draft' && c.status !== 'discussion') actions.push('viewTurnout', 'exportAudit');
    }
    if (canComment(actor, facts)) actions.push('comment', 'propose');
    if (canReply(actor, facts)) actions.push('reply');
    if (c.status === 'voting') {
      if (voteAs.some((v) => !v.voted)) actions.push('vote');
      if (c.allowChange && mine.some((b) => b.voterKind !== 'paper' && b.castByName === undefined))
        actions.push('changeVote');
    }
    if (canSeeResults(actor, facts)) actions.push('viewResults');
    if ((c.status === 'closed' || c.status === 'published') && (committee || inAudience(actor, facts)))
      actions.push('verifyReceipt');
    return actions;
  }

  const facts = (c: ConsultationDoc) => ({
    communityId: String(c.communityId),
    buildingIds: c.buildingIds.map(String),
    status: c.status,
    resultsHidden: c.resultsHidden,
  });

  return {
    facts,
    canSee: (actor: Actor, c: ConsultationDoc) => canSee(actor, facts(c)),

    async summary(actor: Actor, c: ConsultationDoc, locale: Locale) {
      const full = await this.detail(actor, c, locale, { light: true });
      return {
        id: full.id,
        communityId: full.communityId,
        title: full.title,
        status: full.status,
        statusName: full.statusName,
        eligibility: full.eligibility,
        ...(full.matter ? { matter: full.matter } : {}),
        ...(full.votingOpensAt ? { votingOpensAt: full.votingOpensAt } : {}),
        votingClosesAt: full.votingClosesAt,
        ...(full.turnout ? { turnout: full.turnout } : {}),
        actions: full.actions,
      };
    },

    async detail(actor: Actor, c: ConsultationDoc, locale: Locale, options: { light?: boolean } = {}) {
      const voteAs = await voteAsOf(actor, c);
      const myBallots = options.light ? [] : await myBallotsOf(actor, c);
      const results = !options.light && canSeeResults(actor, facts(c)) ? await turnout.results(c) : undefined;
      return {
        id: String(c._id),
        communityId: String(c.communityId),
        title: c.title,
        body: c.body,
        status: c.status,
        statusName: CONSULTATION_STATUS_NAMES[c.status][locale],
        eligibility: c.eligibility,
        ...(c.matter ? { matter: c.matter, matterName: OWNER_MATTER_NAMES[c.matter][locale] } : {}),
        buildingIds: c.buildingIds.map(String),
        ballot: c.ballot,
        resultsHidden: c.resultsHidden,
        secretBallot: c.secretBallot,
        allowChange: c.allowChange,
        ...(c.ruleSet ? { ruleSet: c.ruleSet } : {}),
        ...(c.discussionOpensAt ? { discussionOpensAt: c.discussionOpensAt.toISOString() } : {}),
        ...(iso(c.votingOpensAt) ? { votingOpensAt: c.votingOpensAt!.toISOString() } : {}),
        votingClosesAt: c.votingClosesAt.toISOString(),
        ...(c.openedAt ? { openedAt: c.openedAt.toISOString() } : {}),
        ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
        ...(c.publishedAt ? { publishedAt: c.publishedAt.toISOString() } : {}),
        attachments: attachmentsOf(c.attachments ?? []),
        createdAt: c.createdAt.toISOString(),
        ...(c.status !== 'draft' && c.status !== 'discussion'
          ? { turnout: { voted: c.voted, eligible: c.electors } }
          : {}),
        voteAs,
        myBallots,
        ...(results ? { results } : {}),
        actions: actionsOf(actor, c, voteAs, myBallots),
      };
    },

    async comment(d: CommentDoc) {
      const author = d.authorId
        ? (await ports.users.getUsers([String(d.authorId)])).get(String(d.authorId))
        : undefined;
      return {
        id: String(d._id),
        kind: d.kind,
        body: d.body,
        author: {
          ...(author ? { id: author.id } : {}),
          displayName: d.committee
            ? `居委会 ${author?.displayName ?? ''}`.trim()
            : (author?.displayName ?? '已注销用户'),
          committee: d.committee,
        },
        ...(d.replyTo ? { replyTo: String(d.replyTo) } : {}),
        attachments: attachmentsOf(d.attachments ?? []),
        createdAt: d.createdAt.toISOString(),
      };
    },
  };
}

export type Presenter = ReturnType<typeof createPresenter>;
