/**
 * The consultations module (社区协商 / 业主投票), by sub-domain:
 * - consultations/: the lifecycle (draft → discussion → voting → closed → published) and the discussion;
 * - ballots/: the roll frozen at opening, ballots (online, proxy, paper), receipts, unit ownership;
 * - counting/: the rule sets (art. 278 by default) and the exact, pure counts;
 * - turnout/: turnout and gauges, non-voters, reminders, results, the audit export.
 */
import { API_V1, type ApiModule } from '../../platform/routes';
import type { ModuleDeps } from '../module-deps';
import { consultationAccess } from './access';
import { createElectorate } from './ballots/electorate-service';
import { ballotRoutes } from './ballots/routes';
import { createOwnershipRoll } from './ballots/ownership';
import { createBallots } from './ballots/service';
import { createComments } from './consultations/comments';
import { consultationRoutes } from './consultations/routes';
import { createConsultations } from './consultations/service';
import { consultationsPersonalData } from './personal-data';
import type { ConsultationPorts } from './ports';
import { createPresenter } from './presenter';
import { deliverConsultationEvents } from './realtime';
import { turnoutRoutes } from './turnout/routes';
import { createTurnout } from './turnout/service';
import { isCommitteeOf, inAudience } from './policy';

export type { ConsultationPorts } from './ports';

export interface ConsultationsModuleDeps extends ModuleDeps, ConsultationPorts {}

export function createConsultationsModule(deps: ConsultationsModuleDeps) {
  const { events, clock } = deps;
  const electorate = createElectorate(deps);
  const consultations = createConsultations({
    ports: deps,
    electorate,
    events,
    clock,
    scheduler: deps.scheduler,
    uploads: deps.uploads,
  });
  const ballots = createBallots({
    electorate,
    ports: deps,
    events,
    clock,
    countVote: (id) => consultations.countVote(id),
  });
  const comments = createComments({ events, uploads: deps.uploads });
  const turnout = createTurnout({ electorate, ballots, ports: deps, events });
  const present = createPresenter({ electorate, ballots, turnout, ports: deps, uploads: deps.uploads });
  const access = consultationAccess(consultations, async (actor, c) => {
    for (const elderId of await deps.carerLinks.eldersOf(actor.userId)) {
      if ((await electorate.forVoter(String(c._id), elderId)).length) return true;
    }
    return false;
  });

  consultations.registerJobs();
  deliverConsultationEvents(events, deps.realtime);
  deps.uploads.registerAccess('consultation', async (actor, recordId) => {
    const c = await consultations.find(recordId);
    return Boolean(c && present.canSee(actor, c));
  });
  deps.uploads.registerAccess('consultationComment', async (actor, recordId) => {
    const comment = await comments.find(recordId);
    const c = comment ? await consultations.find(String(comment.consultationId)) : undefined;
    return Boolean(c && (isCommitteeOf(actor, String(c.communityId)) || inAudience(actor, present.facts(c))));
  });

  const api: ApiModule = {
    name: 'consultations',
    basePath: API_V1,
    routes: [
      ...consultationRoutes({ consultations, comments, access, present }),
      ...ballotRoutes({
        ballots,
        ownership: createOwnershipRoll({ ports: deps, electorate }),
        turnout,
        access,
      }),
      ...turnoutRoutes({ turnout, access }),
    ],
  };
  return {
    consultations,
    ballots,
    electorate,
    api,
    personalData: consultationsPersonalData(comments),
  };
}

export type ConsultationsModule = ReturnType<typeof createConsultationsModule>;

/** What the demo seed uses: drafting and opening consultations, and marking unsold units. */
export interface DemoConsultations {
  consultations: Pick<ConsultationsModule['consultations'], 'create' | 'list' | 'transition'>;
  electorate: Pick<ConsultationsModule['electorate'], 'setOwnership'>;
}
