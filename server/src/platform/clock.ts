/**
 * Time as the domain sees it. Every rule that depends on time (token expiry, booking cutoffs,
 * voting windows) asks a Clock rather than `new Date()`, so tests can stand at any moment.
 * Times are stored in UTC; rules that speak of days and hours do so in Asia/Shanghai.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and then runs in real time, for a development or browser-test
 * server that must stand at a known day and hour (config `clock.startAt`, CLOCK_START; refused in
 * production). It counts elapsed time on the monotonic clock, so it never steps back when the
 * machine's wall clock is adjusted.
 *
 * Choose a start in the future. The store expires TTL-indexed documents (refresh tokens, the
 * realtime inbox) by real time, as mongod does, so with a start in the past they are stamped
 * already expired: sign-ins stop refreshing and missed events are not caught up.
 */
export function clockStartingAt(start: Date): Clock {
  const startMs = start.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('clockStartingAt: the start is not a valid date');
  const startedAt = performance.now();
  return { now: () => new Date(startMs + Math.floor(performance.now() - startedAt)) };
}

/**
 * A clock tests can set and move. It starts at a fixed moment (deterministic day and time-zone
 * rules) that lies in the future: the store expires TTL-indexed documents by real time, like
 * mongod, so test data stamped by this clock must never look older than it is.
 */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2031-03-03T02:00:00Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const COMMUNITY_TIME_ZONE = 'Asia/Shanghai';

/** '2026-11-22 10:00' in Asia/Shanghai, as WeChat's subscribe-message time fields want it. */
export function shanghaiMinute(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: COMMUNITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
