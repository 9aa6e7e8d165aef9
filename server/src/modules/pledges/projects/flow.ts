/**
 * A project's life, written once as data: the committee opens, cancels and completes; the system
 * (threshold check, deadline job) activates and lapses. Presenters list `actionsFor` the viewer's
 * roles; services apply a planned move with one conditional update on the from-state.
 */
import { PROJECT_STATUSES, PROJECT_STATUS_NAMES } from '@linli/shared';
import { defineWorkflow } from '../../../platform/workflow';

export type ProjectRole = 'committee' | 'system';

export const projectFlow = defineWorkflow({
  name: 'pledgeProject',
  states: PROJECT_STATUSES,
  labels: PROJECT_STATUS_NAMES,
  transitions: [
    { action: 'open', from: ['draft'], to: 'open', by: ['committee'] },
    { action: 'activate', from: ['open'], to: 'active', by: ['system'] },
    { action: 'lapse', from: ['open'], to: 'lapsed', by: ['system'] },
    { action: 'cancel', from: ['draft', 'open', 'active'], to: 'cancelled', by: ['committee'] },
    { action: 'complete', from: ['active'], to: 'done', by: ['committee'] },
  ] as const,
});
export type ProjectMove = (typeof projectFlow.table)[number]['action'];
