import { COMMUNITY_TIME_ZONE } from '../../platform/clock';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: COMMUNITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date ('YYYY-MM-DD') it is at `instant` in the communities' time zone. */
export function shanghaiDate(instant: Date): string {
  return dayFormat.format(instant);
}
