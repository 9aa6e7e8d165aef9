/** Projects, pledges, points and the convention as the API shows them, with the viewer's actions. */
import type { NeedView, PledgeView, ProjectSummaryView, ProjectView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { UploadService } from '../../platform/uploads';
import { isCommitteeOf, pledgeActions, projectActions, TOLD_OF_REVISION } from './policy';
import type { NeedDoc, ProjectDoc } from './projects/model';
import type { PledgeDoc } from './pledges/model';
import type { PointsEntryDoc, RedemptionDoc, RewardDoc } from './points/model';

export const ANONYMOUS = '匿名邻居';

export function presentNeed(n: NeedDoc): NeedView {
  return {
    id: String(n._id),
    kind: n.kind,
    label: n.label,
    ...(n.unit ? { unit: n.unit } : {}),
    target: n.target,
    pledged: n.pledged,
    remaining: n.kind === 'money' ? Math.max(0, n.target - n.pledged) : Math.max(0, n.target - n.pledged),
    received: n.received,
    ...(n.startsAt ? { startsAt: n.startsAt.toISOString() } : {}),
    ...(n.endsAt ? { endsAt: n.endsAt.toISOString() } : {}),
  };
}

export interface Standing {
  households: number;
  moneyFen: number;
  thresholdsMet: boolean;
}

export function presentSummary(
  actor: Actor,
  project: ProjectDoc,
  needs: readonly NeedDoc[],
  standing: Standing,
  now: Date,
  uploads: Pick<UploadService, 'present'> | undefined,
): ProjectSummaryView {
  const t = project.thresholds ?? {};
  return {
    id: String(project._id),
    communityId: String(project.communityId),
    title: project.title,
    status: project.status,
    deadline: project.deadline.toISOString(),
    version: project.version,
    needs: needs.map(presentNeed),
    thresholds: {
      ...(typeof t.households === 'number' ? { households: t.households } : {}),
      ...(typeof t.moneyFen === 'number' ? { moneyFen: t.moneyFen } : {}),
    },
    progress: standing,
    photos: uploads && project.photos.length > 0 ? uploads.present(project.photos) : [],
    actions: projectActions(
      actor,
      { communityId: String(project.communityId), status: project.status, deadline: project.deadline },
      now,
    ),
  };
}

/**
 * A pledge as `viewer` sees it. `publicList`: in the project's public list, anonymous pledgers
 * are 匿名邻居 and nobody's id or household shows; the pledger and the committee see the rest.
 */
export function presentPledge(
  viewer: Actor,
  pledge: PledgeDoc,
  context: {
    project: Pick<ProjectDoc, 'title' | 'status' | 'communityId'>;
    need?: Pick<NeedDoc, 'label'>;
    household?: string;
    publicList: boolean;
  },
): PledgeView {
  const mine = pledge.userId !== null && String(pledge.userId) === viewer.userId;
  const committee = isCommitteeOf(viewer, String(pledge.communityId));
  const open = !context.publicList && (mine || committee);
  const name = pledge.anonymous && !open ? ANONYMOUS : pledge.name || (pledge.userId ? '' : '已注销用户');
  return {
    id: String(pledge._id),
    projectId: String(pledge.projectId),
    projectTitle: context.project.title,
    needId: String(pledge.needId),
    kind: pledge.kind,
    needLabel: context.need?.label ?? '',
    quantity: pledge.quantity,
    status: pledge.status,
    ...(pledge.condition
      ? { condition: { scope: pledge.condition.scope, atLeast: pledge.condition.atLeast } }
      : {}),
    anonymous: pledge.anonymous,
    paper: Boolean(pledge.paper),
    pledgerName: name || '邻居',
    ...(open && pledge.userId ? { pledgerId: String(pledge.userId) } : {}),
    ...(open && committee && context.household ? { household: context.household } : {}),
    projectVersion: pledge.projectVersion,
    pledgedAt: pledge.pledgedAt.toISOString(),
    ...(pledge.received !== undefined && pledge.received !== null ? { received: pledge.received } : {}),
    ...(pledge.checkedInAt ? { checkedInAt: pledge.checkedInAt.toISOString() } : {}),
    ...(pledge.checkedOutAt ? { checkedOutAt: pledge.checkedOutAt.toISOString() } : {}),
    ...(typeof pledge.minutes === 'number' ? { minutes: pledge.minutes } : {}),
    ...(typeof pledge.points === 'number' && open ? { points: pledge.points } : {}),
    ...(pledge.droppedReason ? { droppedReason: pledge.droppedReason } : {}),
    actions: context.publicList
      ? []
      : pledgeActions(viewer, {
          communityId: String(pledge.communityId),
          kind: pledge.kind,
          status: pledge.status,
          mine,
          paper: Boolean(pledge.paper),
          projectStatus: context.project.status,
          checkedIn: Boolean(pledge.checkedInAt),
        }),
  };
}

/**
 * Who a new version tells (pledges/service.ts `revised`): each person with a standing pledge, once.
 * A paper pledge with no account is told by the committee on paper, so it is not counted.
 */
export function pledgersToTell(pledges: readonly PledgeDoc[]): number {
  const told = pledges.filter((p) => p.userId !== null && TOLD_OF_REVISION.includes(p.status));
  return new Set(told.map((p) => String(p.userId))).size;
}

export function presentProject(
  actor: Actor,
  project: ProjectDoc,
  needs: readonly NeedDoc[],
  pledges: readonly PledgeDoc[],
  standing: Standing,
  now: Date,
  uploads: Pick<UploadService, 'present'> | undefined,
): ProjectView {
  const needById = new Map(needs.map((n) => [String(n._id), n]));
  const ctx = (p: PledgeDoc, publicList: boolean) => ({
    project,
    need: needById.get(String(p.needId)),
    publicList,
  });
  return {
    ...presentSummary(actor, project, needs, standing, now, uploads),
    description: project.description,
    frozen: project.pledgeCount > 0,
    ...(isCommitteeOf(actor, String(project.communityId)) ? { pledgersToTell: pledgersToTell(pledges) } : {}),
    ...(project.cancelReason ? { cancelReason: project.cancelReason } : {}),
    versions: project.versions.map((v) => ({
      version: v.version,
      title: v.title,
      ...(v.changeNote ? { changeNote: v.changeNote } : {}),
      at: v.at.toISOString(),
    })),
    history: project.history.map((h) => ({
      action: h.action,
      from: h.from,
      to: h.to,
      at: h.at.toISOString(),
      ...(h.note ? { note: h.note } : {}),
    })),
    pledges: pledges
      .filter((p) => p.status === 'pledged' || p.status === 'fulfilled')
      .map((p) => presentPledge(actor, p, ctx(p, true))),
    mine: pledges
      .filter((p) => p.userId !== null && String(p.userId) === actor.userId)
      .map((p) => presentPledge(actor, p, ctx(p, false))),
  };
}

export function presentEntry(e: PointsEntryDoc) {
  return {
    id: String(e._id),
    kind: e.kind,
    points: e.points,
    reason: e.reason,
    at: e.at.toISOString(),
    source: { kind: e.source.kind, id: e.source.id },
  };
}

export function presentReward(actor: Actor, r: RewardDoc) {
  const committee = isCommitteeOf(actor, String(r.communityId));
  const resident = actor.homes.some((h) => h.communityId === String(r.communityId));
  return {
    id: String(r._id),
    communityId: String(r.communityId),
    name: r.name,
    description: r.description,
    costPoints: r.costPoints,
    stock: r.stock,
    active: r.active,
    actions: [
      ...(resident && r.active && r.stock > 0 ? (['redeem'] as const) : []),
      ...(committee ? (['edit'] as const) : []),
    ],
  };
}

export function presentRedemption(actor: Actor, o: RedemptionDoc, residentName?: string) {
  const committee = isCommitteeOf(actor, String(o.communityId));
  return {
    id: String(o._id),
    communityId: String(o.communityId),
    rewardId: String(o.rewardId),
    rewardName: o.rewardName,
    points: o.points,
    status: o.status,
    ...(committee && residentName !== undefined ? { resident: residentName } : {}),
    placedAt: o.placedAt.toISOString(),
    ...(o.decidedAt ? { decidedAt: o.decidedAt.toISOString() } : {}),
    ...(o.refusedReason ? { refusedReason: o.refusedReason } : {}),
    actions: committee && o.status === 'pending' ? (['confirm', 'refuse'] as const).slice() : [],
  };
}
