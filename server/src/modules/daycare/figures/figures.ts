/**
 * The centre's console figures and the committee's demand, computed from enquiries and classes.
 * Occupancy looks ahead (children ageing out of a band leave it on the 1st of the month they reach
 * its upper age); conversion follows the enquiries made in a period; demand counts children (an
 * enquiry to three centres is one child), never shows one.
 */
import { AGE_BAND_RULES, ageInMonths, type AgeBand, type Locale } from '@linli/shared';
import type { ClassDoc } from '../centres/model';
import { addMonths, monthOf, shanghaiDate, shanghaiInstant } from '../dates';
import { EnquiryModel, type EnquiryDoc } from '../enquiries/model';

export function occupancySeries(cls: ClassDoc, fromMonth: string, months = 6) {
  const max = AGE_BAND_RULES[cls.band].maxMonths;
  const seats = Object.values(cls.seats ?? {});
  const inBand = (birthMonth: string, m: string) => ageInMonths(birthMonth, `${m}-01`) < max;
  return Array.from({ length: months }, (_, i) => {
    const month = addMonths(fromMonth, i);
    const present = seats.filter((s) => inBand(s.birthMonth, month));
    const enrolled = present.filter((s) => s.kind === 'enrolled').length;
    const offered = present.length - enrolled;
    const ageingOut = seats.filter(
      (s) => !inBand(s.birthMonth, month) && inBand(s.birthMonth, addMonths(month, -1)),
    ).length;
    return { month, enrolled, offered, free: Math.max(0, cls.capacity - present.length), ageingOut };
  });
}

const reached = (e: EnquiryDoc, actions: readonly string[]) =>
  e.history.some((h) => actions.includes(h.action));
const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);

export async function conversion(providerId: string, from: string, to: string) {
  const made = await EnquiryModel.find({
    providerId,
    status: { $ne: 'prepared' },
    createdAt: { $gte: shanghaiInstant(from, '00:00'), $lte: shanghaiInstant(to, '23:59') },
  }).lean<EnquiryDoc[]>();
  const visits = made.filter((e) => reached(e, ['bookVisit'])).length;
  const offers = made.filter((e) => reached(e, ['offer', 'offerNext'])).length;
  const enrolments = made.filter((e) => reached(e, ['accept'])).length;
  return {
    from,
    to,
    enquiries: made.length,
    visits,
    offers,
    enrolments,
    rates: {
      visitPerEnquiry: rate(visits, made.length),
      offerPerVisit: rate(offers, visits),
      enrolPerOffer: rate(enrolments, offers),
    },
  };
}

/** Was the enquiry waitlisted at `instant`? From its history: entered and not yet left. */
function waitlistedAt(e: EnquiryDoc, instant: Date): boolean {
  let waiting = false;
  for (const h of e.history) {
    if (new Date(h.at) > instant) break;
    waiting = h.to === 'waitlisted';
  }
  return waiting;
}

export async function demand(providerIds: readonly string[], now: Date, months: number, locale: Locale) {
  const current = monthOf(shanghaiDate(now));
  const list = Array.from({ length: months }, (_, i) => addMonths(current, i - months + 1));
  const start = shanghaiInstant(`${list[0]}-01`, '00:00');
  const docs = await EnquiryModel.find(
    { providerId: { $in: providerIds }, status: { $ne: 'prepared' } },
    { groupId: 1, ageBand: 1, createdAt: 1, history: 1 },
  ).lean<EnquiryDoc[]>();
  const bands: AgeBand[] = ['infant', 'toddler', 'olderToddler'];
  return {
    months: list,
    bands: bands.map((band) => {
      const ofBand = docs.filter((d) => d.ageBand === band);
      return {
        band,
        name: AGE_BAND_RULES[band].name[locale],
        enquiries: list.map(
          (m) =>
            new Set(
              ofBand
                .filter((d) => d.createdAt >= start && monthOf(shanghaiDate(d.createdAt)) === m)
                .map((d) => String(d.groupId)),
            ).size,
        ),
        waitlisted: list.map((m) => {
          const end = new Date(
            Math.min(shanghaiInstant(`${addMonths(m, 1)}-01`, '00:00').getTime() - 1, now.getTime()),
          );
          return new Set(ofBand.filter((d) => waitlistedAt(d, end)).map((d) => String(d.groupId))).size;
        }),
      };
    }),
  };
}

const cell = (v: unknown) => {
  const text = String(v ?? '');
  // Spreadsheet formula injection: a leading = + - @ is neutralised.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function enquiriesCsv(rows: readonly EnquiryDoc[], classNames: ReadonlyMap<string, string>): string {
  const header = [
    '编号',
    '状态',
    '孩子昵称',
    '出生年月',
    '入托时月龄',
    '期望入托',
    '托育方式',
    '班级',
    '咨询时间',
    '未读',
  ];
  const lines = rows.map((e) =>
    [
      String(e._id),
      e.status,
      e.child.nickname,
      e.child.birthMonth,
      e.ageMonthsAtStart,
      e.desiredStart,
      e.schedule,
      e.classId ? (classNames.get(String(e.classId)) ?? '') : '',
      e.createdAt.toISOString(),
      e.unread?.centre ?? 0,
    ]
      .map(cell)
      .join(','),
  );
  return '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n';
}
