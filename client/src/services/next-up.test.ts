import { debouncedSignal, nextUpUrl } from './next-up';
import { createSignal } from './signal';

it('fires once, after the burst, however many sources fired', () => {
  jest.useFakeTimers();
  try {
    const [a, b] = [createSignal(), createSignal()];
    const out = debouncedSignal([a, b], 400);
    const heard = jest.fn();
    out.subscribe(heard);
    a.emit();
    jest.advanceTimersByTime(300);
    b.emit();
    a.emit();
    jest.advanceTimersByTime(399);
    expect(heard).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(heard).toHaveBeenCalledTimes(1);
    b.emit();
    jest.advanceTimersByTime(400);
    expect(heard).toHaveBeenCalledTimes(2);
  } finally {
    jest.useRealTimers();
  }
});

it("opens each kind's own page with the record's id", () => {
  expect(nextUpUrl({ kind: 'vote', targetId: 'abc' })).toBe(
    '/packages/consultations/pages/detail/index?id=abc',
  );
  expect(nextUpUrl({ kind: 'labourSlot', targetId: 'p1' })).toBe(
    '/packages/pledges/pages/project/index?id=p1',
  );
});
