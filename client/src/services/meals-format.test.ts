import type { MenuView } from '@linli/shared/meals';
import {
  ageOn,
  bookability,
  defaultMode,
  fenToYuanText,
  formatFen,
  groupMenusByDay,
  parsePickupInput,
  parseYuan,
  shanghaiDate,
  shiftMonth,
} from './meals-format';

describe('parseYuan: what the operator types, to exact fen', () => {
  it('reads yuan with up to two decimals without floating-point drift', () => {
    expect(parseYuan('15')).toBe(1500);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('12.50')).toBe(1250);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('19.99')).toBe(1999); // 19.99 * 100 is 1998.9999999999998 in floating point
    expect(parseYuan('1.15')).toBe(115); // 1.15 * 100 is 114.99999999999999
    expect(parseYuan(' ¥8.8 ')).toBe(880);
    expect(parseYuan('12.')).toBe(1200);
    expect(parseYuan('100000')).toBe(10_000_000);
  });

  it('refuses what is not a price', () => {
    for (const bad of ['', ' ', 'abc', '-1', '1.234', '1e3', '1,5', '.5', '12.5.0', '100000.01', '0x10'])
      expect(parseYuan(bad)).toBeNull();
  });

  it('shows fen as yuan', () => {
    expect(fenToYuanText(1250)).toBe('12.50');
    expect(fenToYuanText(7)).toBe('0.07');
    expect(formatFen(800)).toBe('¥8.00');
    expect(parseYuan(fenToYuanText(1999))).toBe(1999);
  });
});

function menu(date: string, meal: 'lunch' | 'dinner', over: Partial<MenuView> = {}): MenuView {
  return {
    id: `${date.replace(/-/g, '')}${meal === 'lunch' ? 'aaaa' : 'bbbb'}`.padEnd(24, '0'),
    providerId: 'c'.repeat(24),
    canteenName: '幸福里长者食堂',
    date,
    meal,
    dishes: [{ name: '清蒸鱼', tags: ['soft'], allergens: ['鱼'] }],
    basePriceFen: 1500,
    seatCapacity: 10,
    deliveryCapacity: 5,
    remaining: { seats: 10, deliveries: 5 },
    status: 'published',
    opensAt: `${date}T00:00:00+08:00`,
    cutoffAt: `${date}T09:30:00+08:00`,
    ...over,
  };
}

describe('groupMenusByDay', () => {
  it('orders days, and lunch before dinner within a day, whatever order the menus came in', () => {
    const days = groupMenusByDay([
      menu('2031-03-05', 'dinner'),
      menu('2031-03-04', 'dinner'),
      menu('2031-03-05', 'lunch'),
      menu('2031-03-04', 'lunch'),
      menu('2031-03-04', 'lunch', { providerId: 'd'.repeat(24) }),
    ]);
    expect(days.map((d) => d.date)).toEqual(['2031-03-04', '2031-03-05']);
    expect(days[0].meals.map((m) => [m.meal, m.menus.length])).toEqual([
      ['lunch', 2],
      ['dinner', 1],
    ]);
    expect(days[1].meals.map((m) => m.meal)).toEqual(['lunch', 'dinner']);
  });

  it('leaves out a meal no canteen serves that day', () => {
    expect(groupMenusByDay([menu('2031-03-04', 'dinner')])[0].meals.map((m) => m.meal)).toEqual(['dinner']);
    expect(groupMenusByDay([])).toEqual([]);
  });
});

describe('the community calendar', () => {
  it('is Shanghai time whatever the device zone', () => {
    expect(shanghaiDate(new Date('2031-03-04T15:59:00Z'))).toBe('2031-03-04');
    expect(shanghaiDate(new Date('2031-03-04T16:00:00Z'))).toBe('2031-03-05');
  });

  it('steps months across years and counts birthdays', () => {
    expect(shiftMonth('2031-12', 1)).toBe('2032-01');
    expect(shiftMonth('2031-01', -1)).toBe('2030-12');
    expect(ageOn('1949-03-05', '2031-03-04')).toBe(81);
    expect(ageOn('1949-03-05', '2031-03-05')).toBe(82);
  });
});

describe('bookability', () => {
  const m = menu('2031-03-05', 'lunch');
  it('follows the booking window and the places left', () => {
    expect(bookability(m, new Date('2031-03-04T15:00:00Z'))).toEqual({ open: false, reason: 'notOpenYet' });
    expect(bookability(m, new Date('2031-03-05T01:00:00Z'))).toEqual({ open: true });
    expect(bookability(m, new Date('2031-03-05T01:30:00Z'))).toEqual({ open: false, reason: 'closed' });
    const noSeats = menu('2031-03-05', 'lunch', { remaining: { seats: 0, deliveries: 2 } });
    const at = new Date('2031-03-05T00:00:00Z');
    expect(bookability(noSeats, at, 'dine-in')).toEqual({ open: false, reason: 'full' });
    expect(bookability(noSeats, at, 'delivery')).toEqual({ open: true });
    expect(bookability(noSeats, at)).toEqual({ open: true });
    expect(bookability({ ...m, status: 'draft' }, at)).toEqual({ open: false, reason: 'draft' });
  });

  it('suggests the last mode used while it has places, else one that has', () => {
    expect(defaultMode(m, 'delivery')).toBe('delivery');
    expect(defaultMode(m)).toBe('dine-in');
    expect(
      defaultMode(menu('2031-03-05', 'lunch', { remaining: { seats: 0, deliveries: 1 } }), 'pickup'),
    ).toBe('delivery');
  });
});

describe('parsePickupInput', () => {
  it('reads a typed code or the booking QR payload, nothing else', () => {
    expect(parsePickupInput(' 042917 ')).toEqual({ pickupCode: '042917' });
    expect(parsePickupInput('linli:meal:65F0C2A1B3D4E5F601234567:042917')).toEqual({
      bookingId: '65f0c2a1b3d4e5f601234567',
      pickupCode: '042917',
    });
    for (const bad of ['', '12345', '1234567', 'linli:meal:xyz:042917', 'https://example.com'])
      expect(parsePickupInput(bad)).toBeNull();
  });
});
