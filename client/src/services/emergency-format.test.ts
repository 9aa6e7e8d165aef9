import type { EmergencyAlertView } from '@linli/shared/emergency';
import { callerHeadline, committeeOrder, durationText, toldLine } from './emergency-format';

const person = (id: string, displayName: string) => ({ id, displayName });
const alert = (over: Partial<EmergencyAlertView>): EmergencyAlertView => ({
  id: 'a',
  person: person('p0', '王奶奶'),
  communityId: 'c',
  householdId: 'h',
  raisedAt: '2031-03-04T00:30:00.000Z',
  presses: 1,
  lastPressedAt: '2031-03-04T00:30:00.000Z',
  status: 'open',
  escalated: false,
  told: [],
  actions: [],
  ...over,
});

describe('how a call reads', () => {
  it('names each person told once, by why they were first told', () => {
    const told = [
      { person: person('p1', '王建国'), role: 'carer' as const, round: 'raised' as const, at: '' },
      { person: person('p2', '刘主任'), role: 'duty' as const, round: 'raised' as const, at: '' },
      { person: person('p2', '刘主任'), role: 'committee' as const, round: 'escalated' as const, at: '' },
    ];
    expect(toldLine({ told })).toBe('王建国（家属）、刘主任（值班）');
    expect(callerHeadline(alert({ told }))).toBe('已通知 2 人，请稍候');
  });

  it('tells the caller who is coming once someone acknowledges, and when it is over', () => {
    const coming = alert({ status: 'acknowledged', acknowledgedBy: person('p1', '王建国') });
    expect(callerHeadline(coming)).toBe('王建国 正在赶来');
    expect(callerHeadline(alert({ status: 'closed', acknowledgedBy: person('p1', '王建国') }))).toBe(
      '呼叫已处理完毕',
    );
  });

  it('says a wait in minutes and seconds', () => {
    expect(durationText(40)).toBe('40 秒');
    expect(durationText(95)).toBe('1 分 35 秒');
  });

  it('puts ongoing calls first, the longest waiting on top, then closed ones newest first', () => {
    const list = [
      alert({ id: 'closedOld', status: 'closed', raisedAt: '2031-03-01T00:00:00Z' }),
      alert({ id: 'openNew', status: 'open', raisedAt: '2031-03-04T00:40:00Z' }),
      alert({ id: 'closedNew', status: 'closed', raisedAt: '2031-03-03T00:00:00Z' }),
      alert({ id: 'ackOld', status: 'acknowledged', raisedAt: '2031-03-04T00:10:00Z' }),
    ];
    expect(committeeOrder(list).map((a) => a.id)).toEqual(['ackOld', 'openNew', 'closedNew', 'closedOld']);
  });
});
