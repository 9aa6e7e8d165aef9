/** Enquiries and messages as the API shows them, with the actions this viewer may take now. */
import type { EnquiryAction, EnquiryRole, EnquiryView, Locale } from '@linli/shared';
import type { ClassDoc } from '../centres/model';
import { enquiryFlow } from './flow';
import type { EnquiryDoc, MessageDoc } from './model';

/** Moves only the system makes: never offered as buttons. */
const SYSTEM_ONLY = new Set<string>(['expire', 'offerNext', 'enrolledElsewhere']);

export function enquiryActions(e: EnquiryDoc, roles: readonly EnquiryRole[]): EnquiryView['actions'] {
  const moves = [...new Set(enquiryFlow.actionsFor(e.status, roles))].filter(
    (a) => !SYSTEM_ONLY.has(a),
  ) as EnquiryAction[];
  const canMessage =
    !e.childErasedAt && e.status !== 'prepared' && (roles.includes('guardian') || roles.includes('centre'));
  // An enquiry without a derived class cannot be put on a class's waitlist.
  return [
    ...moves.filter((a) => a !== 'waitlist' || e.classId),
    ...(canMessage ? (['message'] as const) : []),
  ];
}

export function presentEnquiry(
  e: EnquiryDoc,
  roles: readonly EnquiryRole[],
  context: { centreName: string; cls: ClassDoc | undefined; locale: Locale },
): EnquiryView {
  const { locale } = context;
  const centre = roles.includes('centre');
  return {
    id: String(e._id),
    groupId: String(e.groupId),
    preference: e.preference,
    providerId: String(e.providerId),
    centreName: context.centreName,
    guardianId: String(e.guardianId),
    ...(e.preparedBy ? { preparedBy: String(e.preparedBy) } : {}),
    child: { nickname: e.child.nickname, birthMonth: e.child.birthMonth },
    childErased: Boolean(e.childErasedAt),
    ageMonthsAtStart: e.ageMonthsAtStart,
    desiredStart: e.desiredStart,
    schedule: e.schedule,
    questions: e.questions,
    classId: e.classId ? String(e.classId) : null,
    className: context.cls?.name ?? null,
    status: e.status,
    statusLabel: enquiryFlow.labels[e.status][locale],
    ...(e.declineReason ? { declineReason: e.declineReason } : {}),
    ...(e.visit
      ? { visit: { slotId: String(e.visit.slotId), startsAt: e.visit.startsAt.toISOString() } }
      : {}),
    ...(e.offerExpiresAt && e.status === 'offered' ? { offerExpiresAt: e.offerExpiresAt.toISOString() } : {}),
    unread: (centre ? e.unread?.centre : e.unread?.guardian) ?? 0,
    createdAt: e.createdAt.toISOString(),
    history: e.history.map((h) => ({
      action: h.action,
      from: h.from,
      to: h.to,
      role: h.role,
      at: new Date(h.at).toISOString(),
      ...(h.note ? { note: h.note } : {}),
      label: enquiryFlow.labels[h.to][locale],
    })),
    actions: enquiryActions(e, roles),
  };
}

export function presentMessage(m: MessageDoc, mySide: 'guardian' | 'centre' | undefined) {
  return { id: String(m._id), from: m.from, text: m.text, at: m.at.toISOString(), mine: m.from === mySide };
}
