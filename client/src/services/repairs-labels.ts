/**
 * The words and times of repair tickets as the pages show them: states, moves and urgency in the
 * person's language, times in Asia/Shanghai, a ticket's history as the kit's timeline, and which
 * of the presenter's actions a page offers as buttons (and which need more than one tap).
 */
import type { TicketAction, TicketStatus, TicketView, UrgencyLevel } from '@linli/shared/repairs';
import type { TimelineEntry } from '../components/timeline';
import { t, type MessageKey } from '../i18n';
import { formatFen } from './meals-format';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function ticketStatusName(status: TicketStatus): string {
  return t(`repairsStatus${cap(status)}` as MessageKey);
}

export function urgencyName(level: UrgencyLevel): string {
  return t(`repairsUrgency${cap(level)}` as MessageKey);
}

export type TicketButton = TicketView['actions'][number];

export function actionName(action: TicketButton | 'report'): string {
  return t(`repairsAction${cap(action)}` as MessageKey);
}

/** Moves only the system makes, and the follow-up (its own three answers): never a plain button. */
const NOT_BUTTONS: readonly TicketButton[] = ['autoClose', 'followUpReopen', 'followUp', 'merge'];

/** What a move asks for before it is sent (a technician, an amount, a reason, a rating). */
export type MoveInput = 'technician' | 'amount' | 'reason' | 'rating' | 'note' | null;

export function inputFor(action: TicketAction): MoveInput {
  if (action === 'assign') return 'technician';
  if (action === 'quote') return 'amount';
  if (action === 'reject' || action === 'reopen' || action === 'declineQuote') return 'reason';
  if (action === 'confirm') return 'rating';
  // The reporter reads what was done before confirming it.
  if (action === 'resolve') return 'note';
  return null;
}

/** The presenter's actions this viewer gets as buttons, the forward move first. */
export function buttonsOf(ticket: Pick<TicketView, 'actions'>): TicketButton[] {
  const backwards: readonly TicketButton[] = ['reject', 'cancel', 'declineQuote', 'reopen'];
  const shown = ticket.actions.filter((a) => !NOT_BUTTONS.includes(a));
  return [...shown.filter((a) => !backwards.includes(a)), ...shown.filter((a) => backwards.includes(a))];
}

const SHANGHAI_MS = 8 * 60 * 60 * 1000;

/** 12月7日 14:05 in Shanghai (the year when it is not `now`'s). */
export function shanghaiTime(iso: string, now = new Date()): string {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_MS);
  const year = new Date(now.getTime() + SHANGHAI_MS).getUTCFullYear();
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCFullYear() === year ? day : `${d.getUTCFullYear()}年${day}`;
}

/** The ticket's history, oldest first, as the timeline shows it. */
export function timelineOf(ticket: Pick<TicketView, 'history'>, now = new Date()): TimelineEntry[] {
  return ticket.history.map((h) => {
    const detail = [h.byName, h.note].filter(Boolean).join('：');
    return {
      state: h.to,
      title: `${h.action === 'report' || !h.from ? actionName('report') : actionName(h.action as TicketButton)} · ${ticketStatusName(h.to as TicketStatus)}`,
      time: shanghaiTime(h.at, now),
      ...(detail ? { detail } : {}),
    };
  });
}

export function quoteText(fen: number): string {
  return t('repairsQuote', { amount: formatFen(fen) });
}

/** Minutes as the figures show them: under two hours in minutes, else in whole hours. */
export function durationText(minutes: number | null): string {
  if (minutes === null) return t('repairsNone');
  return minutes < 120
    ? t('repairsMinutes', { n: minutes })
    : t('repairsHours', { n: Math.round(minutes / 60) });
}

/** An exact average as one decimal (4.5), or a dash when nothing was rated. */
export function averageText(f: { numerator: number; denominator: number } | null): string {
  return f ? (Math.round((f.numerator / f.denominator) * 10) / 10).toFixed(1) : t('repairsNone');
}
