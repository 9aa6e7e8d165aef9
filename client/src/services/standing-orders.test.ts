import { toggleWeekday, weekdaySet } from './meals-format';

describe('toggleWeekday: the weekday chips of a standing order', () => {
  it('turns a day on and off, keeping ISO weekdays sorted and unique', () => {
    let days: number[] = [];
    days = toggleWeekday(days, 5);
    days = toggleWeekday(days, 1);
    days = toggleWeekday(days, 3);
    expect(days).toEqual([1, 3, 5]);
    expect(toggleWeekday(days, 3)).toEqual([1, 5]);
    expect(toggleWeekday([7, 7, 1], 2)).toEqual([1, 2, 7]);
  });

  it('ignores what is not a weekday, so the API never sees 0 or 8', () => {
    expect(toggleWeekday([1, 3], 0)).toEqual([1, 3]);
    expect(toggleWeekday([1, 3], 8)).toEqual([1, 3]);
    expect(toggleWeekday([0, 9, 2], 4)).toEqual([2, 4]);
  });

  it('does not change the array it was given', () => {
    const days = [1, 2];
    toggleWeekday(days, 2);
    expect(days).toEqual([1, 2]);
  });
});

describe('weekdaySet: shorthands for the list', () => {
  it('names every day, workdays and the weekend, in any order', () => {
    expect(weekdaySet([7, 6, 5, 4, 3, 2, 1])).toBe('everyDay');
    expect(weekdaySet([5, 4, 3, 2, 1])).toBe('workdays');
    expect(weekdaySet([7, 6])).toBe('weekend');
    expect(weekdaySet([1, 3, 5])).toBeNull();
  });
});
