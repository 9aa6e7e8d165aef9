import { formatDate } from './notice-format';

describe('formatDate', () => {
  it('shows community time (Asia/Shanghai), across the date line', () => {
    expect(formatDate('2026-11-22T03:49:00Z')).toBe('2026-11-22 11:49');
    expect(formatDate('2026-11-22T16:05:00Z')).toBe('2026-11-23 00:05');
    expect(formatDate('2026-12-31T15:59:00.000Z')).toBe('2026-12-31 23:59');
  });
});
