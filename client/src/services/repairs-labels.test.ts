/**
 * What the repairs pages make of a ticket: which of the presenter's actions become buttons (the
 * forward move first, never a system move), what a move asks for first, and the timeline's lines.
 */
import { buttonsOf, inputFor, shanghaiTime, timelineOf } from './repairs-labels';

describe('buttons from the presenter’s actions', () => {
  it('offers the forward move first and never a system move, the follow-up or merge', () => {
    expect(buttonsOf({ actions: ['reject', 'accept', 'assign', 'merge'] })).toEqual([
      'accept',
      'assign',
      'reject',
    ]);
    expect(buttonsOf({ actions: ['reopen', 'confirm', 'autoClose', 'followUp'] })).toEqual([
      'confirm',
      'reopen',
    ]);
    expect(buttonsOf({ actions: [] })).toEqual([]);
  });

  it('asks for a technician, an amount, a reason, a rating or a note before the moves that take one', () => {
    expect(inputFor('assign')).toBe('technician');
    expect(inputFor('quote')).toBe('amount');
    expect(inputFor('reopen')).toBe('reason');
    expect(inputFor('declineQuote')).toBe('reason');
    expect(inputFor('confirm')).toBe('rating');
    expect(inputFor('resolve')).toBe('note');
    expect(inputFor('depart')).toBeNull();
  });
});

describe('the timeline', () => {
  it('names each step and its state, in Shanghai time, with who and the note', () => {
    const now = new Date('2026-12-07T02:00:00Z');
    const entries = timelineOf(
      {
        history: [
          {
            action: 'report',
            from: null,
            to: 'submitted',
            byName: '李阿姨',
            role: 'reporter',
            at: '2026-12-06T16:05:00Z',
            note: '',
            photos: [],
          },
          {
            action: 'resolve',
            from: 'inProgress',
            to: 'resolved',
            byName: '周师傅',
            role: 'assignee',
            at: '2026-12-07T01:30:00Z',
            note: '已更换阀芯',
            photos: [],
          },
        ],
      },
      now,
    );
    expect(entries).toEqual([
      { state: 'submitted', title: '提交报修 · 已提交', time: '12月7日 00:05', detail: '李阿姨' },
      {
        state: 'resolved',
        title: '已修好 · 已修好待确认',
        time: '12月7日 09:30',
        detail: '周师傅：已更换阀芯',
      },
    ]);
    expect(shanghaiTime('2025-01-01T00:00:00Z', now)).toBe('2025年1月1日 08:00');
  });
});
