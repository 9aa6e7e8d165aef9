/**
 * The consultation's lifecycle, written once as data: which move goes from which states to which,
 * and who may take it ('committee' by hand, 'system' when the scheduler reaches a set time).
 * Shaped as the platform workflow's contract (actionsFor / plan / table) so it moves onto
 * platform/workflow.ts's defineWorkflow unchanged once that lands.
 */
import {
  CONSULTATION_STATUS_NAMES,
  type ConsultationStatus,
  type ConsultationTransition,
} from '@linli/shared';
import { Conflict, Forbidden } from '../../../platform/errors';

export type LifecycleRole = 'committee' | 'system';

interface Transition {
  action: ConsultationTransition;
  from: readonly ConsultationStatus[];
  to: ConsultationStatus;
  by: readonly LifecycleRole[];
}

const TABLE: readonly Transition[] = [
  { action: 'openDiscussion', from: ['draft'], to: 'discussion', by: ['committee'] },
  { action: 'openVoting', from: ['draft', 'discussion'], to: 'voting', by: ['committee', 'system'] },
  { action: 'close', from: ['voting'], to: 'closed', by: ['committee', 'system'] },
  { action: 'publish', from: ['closed'], to: 'published', by: ['committee'] },
];

export const consultationFlow = {
  name: 'consultation',
  table: TABLE,

  actionsFor(state: ConsultationStatus, roles: readonly LifecycleRole[]): ConsultationTransition[] {
    return TABLE.filter((t) => t.from.includes(state) && t.by.some((r) => roles.includes(r))).map(
      (t) => t.action,
    );
  },

  nextStates(state: ConsultationStatus): ConsultationStatus[] {
    return [...new Set(TABLE.filter((t) => t.from.includes(state)).map((t) => t.to))];
  },

  /** The move, or 409 naming what is possible from here, or 403 when these roles may not take it. */
  plan(state: ConsultationStatus, action: ConsultationTransition, roles: readonly LifecycleRole[]) {
    const t = TABLE.find((x) => x.action === action)!;
    if (!t.from.includes(state)) {
      const allowedNextStates = consultationFlow.nextStates(state);
      const names = (locale: 'zh-CN' | 'en') =>
        allowedNextStates
          .map((s) => CONSULTATION_STATUS_NAMES[s][locale])
          .join(locale === 'en' ? ', ' : '、');
      throw Conflict(
        {
          'zh-CN': `该协商现为「${CONSULTATION_STATUS_NAMES[state]['zh-CN']}」，${
            allowedNextStates.length ? `只能转为：${names('zh-CN')}` : '不能再变更'
          }`,
          en: `this consultation is ${CONSULTATION_STATUS_NAMES[state].en}; ${
            allowedNextStates.length ? `it can only move to: ${names('en')}` : 'it cannot move any further'
          }`,
        },
        {
          code: 'TRANSITION_NOT_ALLOWED',
          allowedNextStates,
          allowedActions: TABLE.filter((x) => x.from.includes(state)).map((x) => x.action),
        },
      );
    }
    if (!t.by.some((r) => roles.includes(r))) throw Forbidden(`${action} needs ${t.by.join(' or ')}`);
    return { from: t.from, to: t.to };
  },
};
