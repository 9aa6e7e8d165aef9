/**
 * The consultation's lifecycle, written once as data on the platform workflow: which move goes
 * from which states to which, and who may take it ('committee' by hand, 'system' when the
 * scheduler reaches a set time). Voting may open straight from a draft, or after discussion.
 */
import { CONSULTATION_STATUSES, CONSULTATION_STATUS_NAMES } from '@linli/shared';
import { defineWorkflow } from '../../../platform/workflow';

export type LifecycleRole = 'committee' | 'system';

export const consultationFlow = defineWorkflow({
  name: 'consultation',
  states: CONSULTATION_STATUSES,
  labels: CONSULTATION_STATUS_NAMES,
  transitions: [
    { action: 'openDiscussion', from: ['draft'], to: 'discussion', by: ['committee', 'system'] },
    { action: 'openVoting', from: ['draft', 'discussion'], to: 'voting', by: ['committee', 'system'] },
    { action: 'close', from: ['voting'], to: 'closed', by: ['committee', 'system'] },
    { action: 'publish', from: ['closed'], to: 'published', by: ['committee'] },
  ],
});
