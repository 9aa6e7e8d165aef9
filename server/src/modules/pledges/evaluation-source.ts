/**
 * Pledges as an evaluation source: a resident who pledged to a project and fulfilled it rates the
 * project once it is done. Evaluation keeps one rating per item, so the item is the resident's
 * first fulfilled pledge on the project (oldest id): someone who gave goods and also volunteered
 * rates the project once, and their other pledges are not items. Paper pledges and erased accounts
 * have nobody to ask, so they are not counted as served either.
 *
 * Provider: a project has no operator; the committee of its community runs it. Evaluation needs a
 * provider id for every rating (its operator view and the provider score read it), so the provider
 * is the community itself. That is honest about who answers for the project, and it has these
 * consequences: no operator holds a grant on a community id, so these ratings appear in nobody's
 * operator list and nobody can reply to them; the committee sees them (worst-rated with comments)
 * in the monthly figures, and `GET /evaluations/pledges/providers/<communityId>/score` gives the
 * community's score over its projects.
 */
import type { Types } from 'mongoose';
import type { EvaluationSource, ServedItem } from '../evaluations';
import type { PledgeDoc } from './pledges/model';
import type { PledgeService } from './pledges/service';
import type { ProjectDoc } from './projects/model';
import type { ProjectService } from './projects/service';

const completedAt = (p: ProjectDoc) => p.history.find((h) => h.action === 'complete')?.at;

function servedItem(project: ProjectDoc, pledge: PledgeDoc): ServedItem {
  const at = completedAt(project);
  return {
    itemId: String(pledge._id),
    raterIds: pledge.userId ? [String(pledge.userId)] : [],
    providerId: String(project.communityId),
    communityId: String(project.communityId),
    servedAt: at ?? pledge.pledgedAt,
    title: project.title,
    rateable: project.status === 'done' && at !== undefined,
  };
}

/** Each person's first fulfilled pledge per project (the input is oldest first). */
function firstPerPersonAndProject(pledges: readonly PledgeDoc[]): PledgeDoc[] {
  const seen = new Map<string, PledgeDoc>();
  for (const p of pledges) {
    const key = `${String(p.projectId)}:${String(p.userId)}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

export function pledgesEvaluationSource(
  projects: Pick<ProjectService, 'find' | 'doneBetween'>,
  pledges: Pick<PledgeService, 'find' | 'fulfilled'>,
): EvaluationSource {
  const idsOf = (list: readonly PledgeDoc[]): Types.ObjectId[] => list.map((p) => p.projectId);
  return {
    service: 'pledges',
    questions: [
      { key: 'organisation', label: { 'zh-CN': '组织', en: 'organisation' } },
      { key: 'communication', label: { 'zh-CN': '沟通', en: 'communication' } },
      { key: 'result', label: { 'zh-CN': '成果', en: 'result' } },
    ],
    async item(itemId) {
      const pledge = await pledges.find(itemId);
      if (!pledge || pledge.status !== 'fulfilled' || !pledge.userId) return undefined;
      const [first] = await pledges.fulfilled({
        userId: String(pledge.userId),
        projectIds: [pledge.projectId],
      });
      if (!first || !first._id.equals(pledge._id)) return undefined;
      const project = await projects.find(String(pledge.projectId));
      return project ? servedItem(project, pledge) : undefined;
    },
    async servedTo(userId, since) {
      const mine = firstPerPersonAndProject(await pledges.fulfilled({ userId }));
      if (mine.length === 0) return [];
      const done = await projects.doneBetween({ ids: idsOf(mine), from: since });
      const byId = new Map(done.map((p) => [String(p._id), p]));
      return mine.flatMap((pledge) => {
        const project = byId.get(String(pledge.projectId));
        return project ? [servedItem(project, pledge)] : [];
      });
    },
    async servedCount(communityId, from, to) {
      const done = await projects.doneBetween({ communityId, from, to });
      if (done.length === 0) return 0;
      return firstPerPersonAndProject(await pledges.fulfilled({ projectIds: done.map((p) => p._id) })).length;
    },
  };
}
