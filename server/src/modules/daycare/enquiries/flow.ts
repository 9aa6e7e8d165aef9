/**
 * The enquiry's life, written once as data. `guardian` is the parent the enquiry belongs to,
 * `preparer` a confirmed carer (a grandparent) who prepared it, `centre` the centre's operators,
 * `system` the scheduler (an offer expiring, the next family offered a freed place).
 */
import { ENQUIRY_STATUSES, type EnquiryStatus } from '@linli/shared';
import { defineWorkflow } from '../../../platform/workflow';

const OPEN: readonly EnquiryStatus[] = ['new', 'replied', 'visitBooked', 'visited', 'offered', 'waitlisted'];

export const enquiryFlow = defineWorkflow({
  name: 'daycareEnquiry',
  states: ENQUIRY_STATUSES,
  labels: {
    prepared: { 'zh-CN': '待家长确认', en: 'waiting for the parent to confirm' },
    new: { 'zh-CN': '已提交', en: 'new' },
    replied: { 'zh-CN': '已回复', en: 'replied' },
    visitBooked: { 'zh-CN': '已预约参观', en: 'visit booked' },
    visited: { 'zh-CN': '已参观', en: 'visited' },
    offered: { 'zh-CN': '已发放名额', en: 'offered a place' },
    waitlisted: { 'zh-CN': '候补中', en: 'waitlisted' },
    enrolled: { 'zh-CN': '已入托', en: 'enrolled' },
    declined: { 'zh-CN': '机构已婉拒', en: 'declined by the centre' },
    withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
  },
  transitions: [
    { action: 'confirm', from: ['prepared'], to: 'new', by: ['guardian'] },
    { action: 'reply', from: ['new'], to: 'replied', by: ['centre'] },
    { action: 'bookVisit', from: ['replied'], to: 'visitBooked', by: ['guardian'] },
    { action: 'cancelVisit', from: ['visitBooked'], to: 'replied', by: ['guardian', 'centre'] },
    { action: 'markVisited', from: ['visitBooked'], to: 'visited', by: ['centre'] },
    { action: 'offer', from: ['visited', 'waitlisted'], to: 'offered', by: ['centre'] },
    { action: 'offerNext', from: ['waitlisted'], to: 'offered', by: ['system'] },
    { action: 'waitlist', from: ['replied', 'visited'], to: 'waitlisted', by: ['centre'] },
    { action: 'accept', from: ['offered'], to: 'enrolled', by: ['guardian'] },
    { action: 'declineOffer', from: ['offered'], to: 'withdrawn', by: ['guardian'] },
    { action: 'expire', from: ['offered'], to: 'withdrawn', by: ['system'] },
    { action: 'decline', from: OPEN, to: 'declined', by: ['centre'] },
    { action: 'withdraw', from: ['prepared'], to: 'withdrawn', by: ['guardian', 'preparer'] },
    { action: 'withdraw', from: OPEN, to: 'withdrawn', by: ['guardian'] },
    // A family enrolled at one preference withdraws its enquiries at the others.
    { action: 'enrolledElsewhere', from: ['prepared', ...OPEN], to: 'withdrawn', by: ['system'] },
  ],
});

/** Statuses whose child data is deleted after the retention period. */
export const CLOSED_WITHOUT_PLACE: readonly EnquiryStatus[] = ['declined', 'withdrawn'];
export const OPEN_STATUSES = OPEN;
