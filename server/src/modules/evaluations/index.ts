/**
 * Service evaluation (效果共评): one rating model for every service. A service joins by
 * registering a source (registry.ts: its questions and three read functions) from the
 * composition root; meals joins with its served bookings.
 */
import type { Clock } from '../../platform/clock';
import type { UserService } from '../identity';
import { createEvaluationRegistry } from './registry';
import { evaluationRoutes } from './routes';
import { createEvaluationService } from './service';

export type { EvaluationQuestion, EvaluationSource, ServedItem } from './registry';

export function createEvaluationsModule(deps: { clock: Clock; users: Pick<UserService, 'getUsers'> }) {
  const registry = createEvaluationRegistry();
  const evaluations = createEvaluationService({ registry, clock: deps.clock });
  return {
    register: registry.register,
    api: evaluationRoutes({ evaluations, users: deps.users, clock: deps.clock }),
    personalData: {
      name: 'evaluations',
      export: (userId: string) => evaluations.exportFor(userId),
      erase: (userId: string) => evaluations.eraseFor(userId),
    },
  };
}
