/**
 * An emergency call's states, written once as data: a carer or the staff who see it acknowledge an
 * open call ("on the way"); staff close an open or acknowledged call with an outcome. Escalation
 * is not a move: it is a flag set on an open call by the scheduler.
 *
 * Roles are the actor's relation to the call (policy.ts rolesFor): 'carer' (confirmed carer of the
 * person), 'staff' (a committee member of the community who may see it). The person who called
 * has no role here: they never acknowledge or close their own call.
 */
import { defineWorkflow } from '../../platform/workflow';

export const emergencyFlow = defineWorkflow({
  name: 'emergencyAlert',
  states: ['open', 'acknowledged', 'closed'],
  labels: {
    open: { 'zh-CN': '等待响应', en: 'waiting for someone' },
    acknowledged: { 'zh-CN': '有人正在赶去', en: 'someone is on the way' },
    closed: { 'zh-CN': '已结束', en: 'closed' },
  },
  transitions: [
    { action: 'acknowledge', from: ['open'], to: 'acknowledged', by: ['carer', 'staff'] },
    { action: 'close', from: ['open', 'acknowledged'], to: 'closed', by: ['staff'] },
  ],
});

export type EmergencyRole = 'carer' | 'staff';
