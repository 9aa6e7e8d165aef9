/**
 * The repair ticket's life, written once as data: every state, every move, and who may take it.
 * Roles are the actor's relation to this ticket (see policy.ts, rolesOn):
 * - reporter: filed it (or it was filed for them);
 * - operator: an operator of the ticket's team in its community;
 * - technician: a technician of the team (may claim unassigned work);
 * - assignee: the technician the ticket is assigned to;
 * - system: scheduled work (auto-close after 7 days).
 * The in-home paid step: the assignee quotes (quoted), the reporter approves (quoteApproved) or
 * declines (cancelled), and only then does work start. Free work starts straight from onTheWay.
 */
import type { TicketAction, TicketStatus } from '@linli/shared';
import { defineWorkflow } from '../../../platform/workflow';

export const TICKET_ROLES = ['reporter', 'operator', 'technician', 'assignee', 'system'] as const;
export type TicketRole = (typeof TICKET_ROLES)[number];

const OPEN_BEFORE_WORK: TicketStatus[] = ['submitted', 'accepted', 'reopened'];

export const ticketFlow = defineWorkflow<TicketStatus, TicketAction, TicketRole>({
  name: 'repairTicket',
  states: [
    'submitted',
    'accepted',
    'assigned',
    'onTheWay',
    'quoted',
    'quoteApproved',
    'inProgress',
    'resolved',
    'closed',
    'reopened',
    'rejected',
    'cancelled',
    'merged',
  ],
  labels: {
    submitted: { 'zh-CN': '已提交', en: 'submitted' },
    accepted: { 'zh-CN': '已受理', en: 'accepted' },
    assigned: { 'zh-CN': '已派单', en: 'assigned' },
    onTheWay: { 'zh-CN': '师傅在路上', en: 'on the way' },
    quoted: { 'zh-CN': '待确认报价', en: 'waiting for the quote to be approved' },
    quoteApproved: { 'zh-CN': '报价已确认', en: 'quote approved' },
    inProgress: { 'zh-CN': '维修中', en: 'in progress' },
    resolved: { 'zh-CN': '已修好待确认', en: 'resolved' },
    closed: { 'zh-CN': '已完成', en: 'closed' },
    reopened: { 'zh-CN': '已重新打开', en: 'reopened' },
    rejected: { 'zh-CN': '未受理', en: 'rejected' },
    cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
    merged: { 'zh-CN': '已合并', en: 'merged into another report' },
  },
  transitions: [
    { action: 'accept', from: ['submitted'], to: 'accepted', by: ['operator'] },
    { action: 'reject', from: OPEN_BEFORE_WORK, to: 'rejected', by: ['operator'] },
    { action: 'assign', from: [...OPEN_BEFORE_WORK, 'assigned'], to: 'assigned', by: ['operator'] },
    { action: 'claim', from: OPEN_BEFORE_WORK, to: 'assigned', by: ['technician'] },
    { action: 'cancel', from: ['submitted', 'accepted'], to: 'cancelled', by: ['reporter'] },
    { action: 'depart', from: ['assigned'], to: 'onTheWay', by: ['assignee'] },
    { action: 'quote', from: ['assigned', 'onTheWay'], to: 'quoted', by: ['assignee'] },
    { action: 'approveQuote', from: ['quoted'], to: 'quoteApproved', by: ['reporter'] },
    { action: 'declineQuote', from: ['quoted'], to: 'cancelled', by: ['reporter'] },
    { action: 'start', from: ['onTheWay', 'quoteApproved'], to: 'inProgress', by: ['assignee'] },
    { action: 'resolve', from: ['inProgress'], to: 'resolved', by: ['assignee'] },
    { action: 'confirm', from: ['resolved'], to: 'closed', by: ['reporter'] },
    { action: 'autoClose', from: ['resolved'], to: 'closed', by: ['system'] },
    { action: 'reopen', from: ['resolved'], to: 'reopened', by: ['reporter'] },
    { action: 'followUpReopen', from: ['closed'], to: 'reopened', by: ['system'] },
    {
      action: 'merge',
      from: [...OPEN_BEFORE_WORK, 'assigned', 'onTheWay'],
      to: 'merged',
      by: ['operator'],
    },
  ],
});

/** Moves that need a note saying why (the person on the other side reads it). */
export const NEEDS_REASON: readonly TicketAction[] = ['reject', 'reopen', 'declineQuote'];
