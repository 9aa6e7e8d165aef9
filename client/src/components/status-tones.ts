/**
 * One colour per workflow state, shared by every service, so 待处理 looks the same on a booking, a
 * repair ticket and an enquiry. A service adds its states here (its state name → a tone) when it
 * lands; a state not listed shows as neutral. The tones are kit.css's .tone-* classes.
 */
export type Tone = 'neutral' | 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const STATE_TONES: Record<string, Tone> = {
  // waiting for someone
  pending: 'warning',
  submitted: 'warning',
  new: 'warning',
  waitlisted: 'warning',
  paused: 'warning',
  conditional: 'warning',
  draft: 'neutral',
  // under way
  booked: 'primary',
  pledged: 'primary',
  accepted: 'info',
  assigned: 'info',
  inProgress: 'info',
  onTheWay: 'info',
  quoteApproved: 'info',
  reopened: 'warning',
  quoted: 'warning',
  replied: 'info',
  visitBooked: 'info',
  discussion: 'info',
  voting: 'primary',
  open: 'danger',
  // done well
  approved: 'success',
  confirmed: 'success',
  active: 'success',
  published: 'success',
  served: 'success',
  delivered: 'success',
  resolved: 'success',
  acknowledged: 'success',
  enrolled: 'success',
  offered: 'success',
  fulfilled: 'success',
  done: 'success',
  // ended otherwise
  rejected: 'danger',
  revoked: 'danger',
  declined: 'danger',
  nobodyAnswered: 'danger',
  cancelled: 'neutral',
  withdrawn: 'neutral',
  noShow: 'neutral',
  ended: 'neutral',
  closed: 'neutral',
  dropped: 'neutral',
  lapsed: 'neutral',
  merged: 'neutral',
};

export function toneOf(state: string): Tone {
  return STATE_TONES[state] ?? 'neutral';
}
