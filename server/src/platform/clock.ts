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
