import { Image } from '@tarojs/components';
import approvals from '../assets/icons/approvals.svg';
import bell from '../assets/icons/bell.svg';
import bookings from '../assets/icons/bookings.svg';
import calendar from '../assets/icons/calendar.svg';
import canteen from '../assets/icons/canteen.svg';
import carers from '../assets/icons/carers.svg';
import chart from '../assets/icons/chart.svg';
import coming from '../assets/icons/coming.svg';
import compose from '../assets/icons/compose.svg';
import data from '../assets/icons/data.svg';
import daycare from '../assets/icons/daycare.svg';
import emergency from '../assets/icons/emergency.svg';
import empty from '../assets/icons/empty.svg';
import error from '../assets/icons/error.svg';
import household from '../assets/icons/household.svg';
import meals from '../assets/icons/meals.svg';
import notices from '../assets/icons/notices.svg';
import offline from '../assets/icons/offline.svg';
import pledges from '../assets/icons/pledges.svg';
import repairs from '../assets/icons/repairs.svg';
import roster from '../assets/icons/roster.svg';
import settlement from '../assets/icons/settlement.svg';
import staff from '../assets/icons/staff.svg';
import standing from '../assets/icons/standing.svg';
import subsidy from '../assets/icons/subsidy.svg';
import votes from '../assets/icons/votes.svg';
import wellness from '../assets/icons/wellness.svg';
import { roleOf } from './a11y';

/** Lucide icons drawn into assets/icons by scripts/make-icons.js (add one there first). */
const ICONS = {
  approvals,
  bell,
  bookings,
  calendar,
  canteen,
  carers,
  chart,
  coming,
  compose,
  data,
  daycare,
  emergency,
  empty,
  error,
  household,
  meals,
  notices,
  offline,
  pledges,
  repairs,
  roster,
  settlement,
  staff,
  standing,
  subsidy,
  votes,
  wellness,
} as const;

export type IconName = keyof typeof ICONS;

/**
 * An icon. Decorative by default: the text beside it says the same, so screen readers skip it
 * (alt="" in h5, aria-hidden in the mini-program). Give `label` when the icon alone carries
 * meaning; it is then read as an image with that name. Sized by the --icon-size token, so it grows
 * in care mode.
 */
export function Icon({ name, label }: { name: IconName; label?: string }) {
  return (
    <Image
      className="icon"
      src={ICONS[name] as string}
      mode="aspectFit"
      ariaLabel={label}
      {...(label ? {} : { ariaHidden: true })}
      {...roleOf(label ? 'img' : undefined)}
      // h5: Taro's image is an <img> inside a custom element; alt is what screen readers read.
      nativeProps={{ alt: label ?? '', 'aria-hidden': label ? undefined : 'true' }}
    />
  );
}
