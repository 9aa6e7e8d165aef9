/**
 * Pledges on Home's "what is next for me": the labour slots I pledged to that have not ended yet,
 * soonest first (money and goods wait for nothing of mine once pledged). A slot belongs to a
 * project; the item opens the project.
 */
import type { NextUpItem } from '@linli/shared';
import { Types } from 'mongoose';
import type { NextUpContributor } from '../../platform/next-up';
import { PledgeModel, type PledgeDoc } from './pledges/model';
import { NeedModel, ProjectModel, type NeedDoc, type ProjectDoc } from './projects/model';

export function pledgesNextUp(): NextUpContributor {
  return {
    name: 'pledges',
    async itemsFor({ actor, locale, now }) {
      const pledges = await PledgeModel.find({
        userId: new Types.ObjectId(actor.userId),
        kind: 'labour',
        status: { $in: ['conditional', 'pledged'] },
      }).lean<PledgeDoc[]>();
      if (pledges.length === 0) return [];
      const needs = new Map(
        (await NeedModel.find({ _id: { $in: pledges.map((p) => p.needId) } }).lean<NeedDoc[]>()).map((n) => [
          String(n._id),
          n,
        ]),
      );
      const projects = new Map(
        (
          await ProjectModel.find({
            _id: { $in: pledges.map((p) => p.projectId) },
            status: { $in: ['open', 'active'] },
          }).lean<ProjectDoc[]>()
        ).map((p) => [String(p._id), p]),
      );
      const items: NextUpItem[] = [];
      for (const p of pledges) {
        const need = needs.get(String(p.needId));
        const project = projects.get(String(p.projectId));
        if (!need?.startsAt || !project) continue;
        if ((need.endsAt ?? need.startsAt).getTime() < now.getTime()) continue;
        items.push({
          service: 'pledges',
          kind: 'labourSlot',
          targetId: String(project._id),
          title: `${project.title} · ${need.label}`,
          urgency: 'upcoming',
          stateLabel: locale === 'en' ? 'You signed up to help' : '我已报名出力',
          at: need.startsAt.toISOString(),
        });
      }
      return items;
    },
  };
}
