/**
 * The team's figures for a month (Asia/Shanghai): what is open now by status, and of the tickets
 * reported that month how many were resolved, how long that took (median, in whole minutes), how
 * they were rated (an exact fraction), how many ran past their due time; per technician and per
 * category; and day-by-day series a chart can draw. Integers and exact fractions only.
 */
import { OPEN_TICKET_STATUSES, TICKET_STATUSES, type FiguresView, type TicketStatus } from '@linli/shared';
import { Types } from 'mongoose';
import type { TicketDoc } from '../tickets/model';
import { RepairTicketModel } from '../tickets/model';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MINUTE = 60_000;

export function monthRange(month: string): { start: Date; end: Date; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS);
  const end = new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS);
  return { start, end, days: new Date(Date.UTC(y, m, 0)).getUTCDate() };
}

/** The median of whole numbers, rounded down when it falls between two. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.floor((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const resolvedAtOf = (t: TicketDoc) => [...t.history].reverse().find((h) => h.action === 'resolve')?.at;

/** Past due: still open after the due time, or resolved after it. */
function ranOver(t: TicketDoc, now: Date): boolean {
  const resolved = resolvedAtOf(t);
  if (resolved) return resolved.getTime() > t.dueAt.getTime();
  return t.open && t.dueAt.getTime() <= now.getTime();
}

function summarise(tickets: readonly TicketDoc[], now: Date) {
  const minutes: number[] = [];
  let ratingSum = 0;
  let rated = 0;
  let overdue = 0;
  for (const t of tickets) {
    const resolved = resolvedAtOf(t);
    if (resolved) minutes.push(Math.floor((resolved.getTime() - t.createdAt.getTime()) / MINUTE));
    if (t.rating) {
      ratingSum += t.rating;
      rated++;
    }
    if (ranOver(t, now)) overdue++;
  }
  return {
    resolved: minutes.length,
    medianMinutesToResolve: medianOf(minutes),
    averageRating: rated ? { numerator: ratingSum, denominator: rated } : null,
    overdue,
  };
}

export async function figuresFor(input: {
  communityId: string;
  providerIds: readonly string[];
  month: string;
  now: Date;
  categoryNames: Map<string, string>;
  technicianNames: (ids: string[]) => Promise<Map<string, string>>;
}): Promise<FiguresView> {
  const { start, end, days } = monthRange(input.month);
  const scope = {
    communityId: new Types.ObjectId(input.communityId),
    providerId: { $in: input.providerIds.map((id) => new Types.ObjectId(id)) },
  };
  const [openNow, reported] = await Promise.all([
    RepairTicketModel.find({ ...scope, open: true }, { status: 1, dueAt: 1 }).lean<
      Pick<TicketDoc, 'status' | 'dueAt'>[]
    >(),
    RepairTicketModel.find({
      ...scope,
      createdAt: { $gte: start, $lt: end },
      status: { $ne: 'merged' },
    }).lean<TicketDoc[]>(),
  ]);
  const byStatus = new Map<TicketStatus, number>();
  for (const t of openNow) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);

  const group = (keyOf: (t: TicketDoc) => string | undefined) => {
    const groups = new Map<string, TicketDoc[]>();
    for (const t of reported) {
      const key = keyOf(t);
      if (key) groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return groups;
  };
  const perTech = group((t) => (t.assigneeId ? String(t.assigneeId) : undefined));
  const perCategory = group((t) => String(t.categoryId));
  const techNames = await input.technicianNames([...perTech.keys()]);
  const rows = (groups: Map<string, TicketDoc[]>, names: Map<string, string>) =>
    [...groups]
      .map(([key, ts]) => ({ key, label: names.get(key) ?? '', ...summarise(ts, input.now) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN') || a.key.localeCompare(b.key));

  const dayOf = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCDate();
  const reportedPerDay = new Array<number>(days).fill(0);
  const resolvedPerDay = new Array<number>(days).fill(0);
  for (const t of reported) {
    reportedPerDay[dayOf(t.createdAt) - 1]!++;
    const resolved = resolvedAtOf(t);
    if (resolved && resolved >= start && resolved < end) resolvedPerDay[dayOf(resolved) - 1]!++;
  }
  const point = (counts: number[]) =>
    counts.map((y, i) => ({ x: `${input.month}-${String(i + 1).padStart(2, '0')}`, y }));

  return {
    month: input.month,
    openByStatus: TICKET_STATUSES.filter((s) => OPEN_TICKET_STATUSES.includes(s)).map((status) => ({
      status,
      count: byStatus.get(status) ?? 0,
    })),
    overdue: openNow.filter((t) => t.dueAt.getTime() <= input.now.getTime()).length,
    reported: reported.length,
    ...(({ resolved, medianMinutesToResolve, averageRating }) => ({
      resolved,
      medianMinutesToResolve,
      averageRating,
    }))(summarise(reported, input.now)),
    perTechnician: rows(perTech, techNames),
    perCategory: rows(perCategory, input.categoryNames),
    series: [
      { name: 'reported', points: point(reportedPerDay) },
      { name: 'resolved', points: point(resolvedPerDay) },
    ],
  };
}

/** The month's tickets as spreadsheet rows (no resident's name or phone: the team's work record). */
export async function monthTickets(
  communityId: string,
  providerIds: readonly string[],
  month: string,
): Promise<TicketDoc[]> {
  const { start, end } = monthRange(month);
  return RepairTicketModel.find({
    communityId: new Types.ObjectId(communityId),
    providerId: { $in: providerIds.map((id) => new Types.ObjectId(id)) },
    createdAt: { $gte: start, $lt: end },
  })
    .sort({ createdAt: 1, _id: 1 })
    .lean<TicketDoc[]>();
}
