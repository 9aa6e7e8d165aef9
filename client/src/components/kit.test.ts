/**
 * The kit's states, decided once for every page: what a list shows while loading, after a failure,
 * when empty; which tone a workflow state gets; how far a progress bar and chart bars reach; which
 * of a refused save's messages go under fields; and the quote's subsidy words.
 */
import { ApiError } from '../services/api-error';
import { barShares } from './bar-chart';
import { formErrorsOf } from './field-errors';
import { HELP_CANCEL_SECONDS, secondsLeft } from './help-button';
import { photosLeft } from './photo-strip';
import { listState } from './list-state';
import { nextUpRows } from './next-up-list';
import { subsidyText } from './price-for-me';
import { progressShare } from './progress-bar';
import { ratingBody } from './rating-prompt';
import { STATE_TONES, toneOf } from './status-tones';

jest.mock('@tarojs/components', () => ({}));

const source = <T>(data: T | null, error: string | null = null) => ({
  data,
  error,
  loading: data === null && error === null,
  reload: () => undefined,
});

describe('list states', () => {
  it('is loading before the first answer, then ready, empty or failed', () => {
    expect(listState(source(null))).toEqual({ kind: 'loading' });
    expect(listState(source([1, 2]))).toEqual({ kind: 'ready' });
    expect(listState(source([]))).toEqual({ kind: 'empty' });
    expect(listState(source(null, '网络连接失败'))).toEqual({ kind: 'error', message: '网络连接失败' });
  });

  it('shows the error over stale data, and lets a page say what counts as empty', () => {
    expect(listState(source([1], 'offline'))).toEqual({ kind: 'error', message: 'offline' });
    expect(listState(source({ items: [] }), (d) => d.items.length === 0)).toEqual({ kind: 'empty' });
    expect(listState(source({ items: [1] }), (d) => d.items.length === 0)).toEqual({ kind: 'ready' });
  });
});

describe('next up on Home', () => {
  it('shows the first three of more, with a "more" row for the rest, and all once expanded', () => {
    expect(nextUpRows([1, 2, 3, 4, 5], false)).toEqual({ rows: [1, 2, 3], more: 2 });
    expect(nextUpRows([1, 2, 3, 4, 5], true)).toEqual({ rows: [1, 2, 3, 4, 5], more: 0 });
    expect(nextUpRows([1, 2, 3], false)).toEqual({ rows: [1, 2, 3], more: 0 });
    expect(nextUpRows([], false)).toEqual({ rows: [], more: 0 });
  });
});

describe('status tones', () => {
  it('gives the same state the same tone whatever the service, and neutral to an unknown one', () => {
    expect(toneOf('pending')).toBe('warning');
    expect(toneOf('served')).toBe('success');
    expect(toneOf('rejected')).toBe('danger');
    expect(toneOf('cancelled')).toBe('neutral');
    expect(toneOf('somethingNew')).toBe('neutral');
  });

  it('uses only tones the stylesheet defines', () => {
    const defined = ['neutral', 'primary', 'success', 'warning', 'danger', 'info'];
    for (const tone of Object.values(STATE_TONES)) expect(defined).toContain(tone);
  });
});

describe('progress and bars', () => {
  it('fills a progress bar to the share reached, never past full or below empty', () => {
    expect(progressShare(12, 20)).toBe(0.6);
    expect(progressShare(30, 20)).toBe(1);
    expect(progressShare(-1, 20)).toBe(0);
    expect(progressShare(5, 0)).toBe(0);
  });

  it('makes the largest bar full and the others in proportion', () => {
    expect(
      barShares([
        { label: 'a', value: 5 },
        { label: 'b', value: 10 },
        { label: 'c', value: 0 },
      ]),
    ).toEqual([0.5, 1, 0]);
    expect(barShares([{ label: 'a', value: 0 }])).toEqual([0]);
    expect(barShares([])).toEqual([]);
  });
});

describe('photos', () => {
  it('counts the photos still allowed, never below none', () => {
    expect(photosLeft(0, 4)).toBe(4);
    expect(photosLeft(3, 4)).toBe(1);
    expect(photosLeft(4, 4)).toBe(0);
    expect(photosLeft(6, 4)).toBe(0);
  });
});

describe('form errors', () => {
  const refused = new ApiError('请检查填写的内容', 400, 'VALIDATION_FAILED', 'r1', {
    fields: [
      { location: 'body', path: 'servingHours.lunch.to', message: '结束时间须晚于开始时间' },
      { location: 'body', path: 'address', message: '地址太长' },
    ],
  });

  it('puts each field message under its field and no sentence above when all are shown', () => {
    const errors = formErrorsOf(refused, refused.message, ['servingHours.lunch.to', 'address']);
    expect(errors.fields['servingHours.lunch.to']).toBe('结束时间须晚于开始时间');
    expect(errors.form).toBeNull();
  });

  it('keeps the sentence when a message has no field on this form, or the failure is not a 400', () => {
    expect(formErrorsOf(refused, refused.message, ['address']).form).toBe('请检查填写的内容');
    const offline = new ApiError('网络连接失败', 0);
    expect(formErrorsOf(offline, offline.message, ['address'])).toEqual({ fields: {}, form: '网络连接失败' });
  });
});

describe('the price for me', () => {
  it('names each subsidy with its amount, as the server labelled it', () => {
    const quote = {
      elderId: 'e1',
      elderName: '王奶奶',
      price: {
        baseFen: 1500,
        lines: [
          { kind: 'age' as const, label: '80岁以上', fen: 600 },
          { kind: 'tag' as const, label: '独居', fen: 100 },
        ],
        subsidyFen: 700,
        payableFen: 800,
      },
    };
    expect(subsidyText(quote)).toBe('80岁以上 ¥6.00 · 独居 ¥1.00');
  });
});

describe('the help button and the rating prompt', () => {
  it('counts the cancel window down by whole seconds from the press, and never below 0', () => {
    const pressed = 1_000_000;
    expect(HELP_CANCEL_SECONDS).toBe(3);
    expect(secondsLeft(pressed, pressed)).toBe(3);
    expect(secondsLeft(pressed, pressed + 1)).toBe(3);
    expect(secondsLeft(pressed, pressed + 2_000)).toBe(1);
    expect(secondsLeft(pressed, pressed + 2_999)).toBe(1);
    expect(secondsLeft(pressed, pressed + 3_000)).toBe(0);
    expect(secondsLeft(pressed, pressed + 60_000)).toBe(0);
  });

  it('sends a score for every question, or names the first one still unanswered', () => {
    const questions = [{ key: 'taste' }, { key: 'portion' }, { key: 'onTime' }];
    expect(ratingBody(questions, { taste: '4', portion: '5', onTime: '3' })).toEqual({
      scores: { taste: 4, portion: 5, onTime: 3 },
    });
    expect(ratingBody(questions, { taste: '4', onTime: '3' })).toEqual({ missing: 'portion' });
    expect(ratingBody(questions, {})).toEqual({ missing: 'taste' });
  });
});
