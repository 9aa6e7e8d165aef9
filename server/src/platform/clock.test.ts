import { clockStartingAt } from './clock';

describe('clockStartingAt', () => {
  const start = new Date('2031-03-04T00:30:00Z');

  it('stands at the given instant, not at the real time', () => {
    const clock = clockStartingAt(start);
    const first = clock.now();
    expect(first.getTime()).toBeGreaterThanOrEqual(start.getTime());
    // The day the server sees is the start's, whatever today is.
    expect(first.toISOString().slice(0, 10)).toBe('2031-03-04');
  });

  it('then runs forward with real time and never steps back', async () => {
    const clock = clockStartingAt(start);
    const readings = [clock.now()];
    // Poll until it has moved on; jest's timeout bounds the wait, nothing here measures it.
    while (readings[readings.length - 1].getTime() === readings[0].getTime()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      readings.push(clock.now());
    }
    for (let i = 0; i < 1000; i++) readings.push(clock.now());
    for (let i = 1; i < readings.length; i++)
      expect(readings[i].getTime()).toBeGreaterThanOrEqual(readings[i - 1].getTime());
    expect(readings[0].getTime()).toBeGreaterThanOrEqual(start.getTime());
    expect(readings[readings.length - 1].getTime()).toBeGreaterThan(readings[0].getTime());
  });

  it('hands out copies, so a caller cannot move it', () => {
    const clock = clockStartingAt(start);
    clock.now().setUTCFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2031);
  });

  it('refuses a start that is not a date', () => {
    expect(() => clockStartingAt(new Date('tomorrow'))).toThrow(RangeError);
  });
});
