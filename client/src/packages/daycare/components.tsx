/**
 * Pieces the daycare pages share: a centre's fees net of the inclusive subsidy, its classes with
 * places, and an enquiry's summary row. Built from the kit; nothing styled here.
 */
import { Text, View } from '@tarojs/components';
import './daycare.css';
import type { z } from 'zod';
import type {
  CentreView,
  EnquiryView,
  FeeView as FeeSchema,
  ClassView,
  Schedule,
} from '@linli/shared/daycare';
import type { Me } from '@linli/shared/identity-api';
import { ListItem } from '../../components/list-item';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge, Tag } from '../../components/status-badge';
import { t, type MessageKey } from '../../i18n';
import { formatFen } from '../../services/meals-format';

type FeeView = z.infer<typeof FeeSchema>;

/** The first centre the person runs (a staff page opened without a `centre` parameter). */
export function operatedProviderId(user: Me | null): string {
  for (const g of user?.grants ?? []) if (g.role === 'operator') return g.providerId;
  return '';
}

const SCHEDULE_KEYS: Record<Schedule, MessageKey> = {
  fullDay: 'daycareFullDay',
  halfDay: 'daycareHalfDay',
  hourly: 'daycareHourly',
};

export function scheduleName(schedule: Schedule): string {
  return t(SCHEDULE_KEYS[schedule]);
}

/** "¥1,800.00 / 月（原价 ¥2,600.00，普惠补贴 ¥800.00）". */
export function feeLine(fee: FeeView): string {
  const per = t(fee.unit === 'hour' ? 'daycarePerHour' : 'daycarePerMonth');
  if (fee.subsidyFen === 0) return `${formatFen(fee.netFen)} ${per}`;
  return t('daycareFeeNet', {
    net: formatFen(fee.netFen),
    per,
    price: formatFen(fee.priceFen),
    subsidy: formatFen(fee.subsidyFen),
  });
}

export function Fees({ fees }: { fees: FeeView[] }) {
  return (
    <View>
      {fees.map((fee) => (
        <ListItem
          key={fee.schedule}
          testId="daycare-fee"
          title={scheduleName(fee.schedule)}
          detail={feeLine(fee)}
          value={formatFen(fee.netFen)}
        />
      ))}
    </View>
  );
}

export function placesLine(cls: Pick<ClassView, 'free' | 'capacity' | 'waitlisted'>): string {
  return cls.free > 0
    ? t('daycarePlacesFree', { free: cls.free, capacity: cls.capacity })
    : t('daycarePlacesFull', { capacity: cls.capacity, waiting: cls.waitlisted });
}

export function ClassRow({ cls }: { cls: ClassView }) {
  return (
    <View className="list-item" data-testid="daycare-class" data-class-name={cls.name}>
      <View className="list-item-main">
        <Text className="list-item-title">
          {cls.name} · {t('daycareAgeRange', { min: cls.minMonths, max: cls.maxMonths })}
        </Text>
        <ProgressBar value={cls.enrolled + cls.offered} max={cls.capacity} label={placesLine(cls)} />
      </View>
      <StatusBadge
        tone={cls.free > 0 ? 'success' : 'warning'}
        label={cls.free > 0 ? t('daycareHasPlaces') : t('daycareFull')}
      />
    </View>
  );
}

export function CentreSummary({ centre }: { centre: CentreView }) {
  return (
    <View>
      <Text className="hint">{centre.address}</Text>
      <Text className="hint">
        {t('daycareHours', { opens: centre.hours.opens, closes: centre.hours.closes })} ·{' '}
        {t('daycareAgeRange', { min: centre.ageRangeMonths.min, max: centre.ageRangeMonths.max })}
      </Text>
      {centre.inclusive && <Tag label={t('daycareInclusive')} tone="success" />}
    </View>
  );
}

/** One enquiry in a list: child, centre or preference, status, unread messages. */
export function enquiryTitle(e: EnquiryView, side: 'family' | 'centre'): string {
  return side === 'family'
    ? t('daycareEnquiryLine', { nickname: e.child.nickname, centre: e.centreName })
    : t('daycareInboxLine', { nickname: e.child.nickname, months: e.ageMonthsAtStart });
}

export function enquiryDetail(e: EnquiryView): string {
  return [
    e.className ?? '',
    t('daycareStartLine', { date: e.desiredStart }),
    scheduleName(e.schedule),
    e.unread > 0 ? t('daycareUnread', { count: e.unread }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
