import { EventBus } from './events';

interface TestEvents {
  'booking.created': { bookingId: string; userId: string };
  'notice.published': { noticeId: string };
}

describe('EventBus', () => {
  it('delivers a payload to every handler of that event only', async () => {
    const bus = new EventBus<TestEvents>({ error: jest.fn() });
    const seen: string[] = [];
    bus.on('booking.created', (p) => void seen.push(`a:${p.bookingId}`));
    bus.on('booking.created', async (p) => void seen.push(`b:${p.userId}`));
    bus.on('notice.published', (p) => void seen.push(`n:${p.noticeId}`));
    await bus.emit('booking.created', { bookingId: 'b1', userId: 'u1' });
    expect(seen.sort()).toEqual(['a:b1', 'b:u1']);
  });

  it('logs a failing handler and still runs the others; the emitter never sees the failure', async () => {
    const error = jest.fn();
    const bus = new EventBus<TestEvents>({ error });
    const seen: string[] = [];
    bus.on('notice.published', () => {
      throw new Error('socket gone');
    });
    bus.on('notice.published', (p) => void seen.push(p.noticeId));
    await expect(bus.emit('notice.published', { noticeId: 'n1' })).resolves.toBeUndefined();
    expect(seen).toEqual(['n1']);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'notice.published' }),
      expect.any(String),
    );
  });

  it('stops calling a handler once unsubscribed, and drain waits for slow handlers', async () => {
    const bus = new EventBus<TestEvents>({ error: jest.fn() });
    let slowDone = false;
    const off = bus.on('notice.published', async () => {
      await new Promise((r) => setTimeout(r, 20));
      slowDone = true;
    });
    void bus.emit('notice.published', { noticeId: 'n1' });
    await bus.drain();
    expect(slowDone).toBe(true);
    off();
    slowDone = false;
    await bus.emit('notice.published', { noticeId: 'n2' });
    expect(slowDone).toBe(false);
  });
});
