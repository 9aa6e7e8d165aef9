/**
 * The next-up registry on its own: every contributor is asked, a failing one is logged and named
 * while the others still answer, and the merged list comes most urgent first.
 */
import type { NextUpItem } from '@linli/shared';
import { byUrgency, createNextUpRegistry } from './next-up';
import { captureLogger } from './testing';

const item = (over: Partial<NextUpItem>): NextUpItem => ({
  service: 'repairs',
  kind: 'repairTicket',
  targetId: 'a'.repeat(24),
  title: 't',
  stateLabel: 's',
  urgency: 'inProgress',
  ...over,
});
const query = { actor: { userId: 'b'.repeat(24) } as never, locale: 'zh-CN' as const, now: new Date() };

it('logs a contributor that throws, names it, and still answers the others in urgency order', async () => {
  const registry = createNextUpRegistry();
  registry.register({ name: 'repairs', itemsFor: async () => [item({ title: 'later' })] });
  registry.register({
    name: 'daycare',
    itemsFor: async () => {
      throw new Error('store down');
    },
  });
  registry.register({
    name: 'emergency',
    itemsFor: async () => [item({ service: 'emergency', urgency: 'now' })],
  });
  const { logger, lines } = captureLogger();
  const view = await registry.collect(query, logger);
  expect(view.unavailable).toEqual(['daycare']);
  expect(view.items.map((i) => i.urgency)).toEqual(['now', 'inProgress']);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ contributor: 'daycare', level: 50 });
  expect(JSON.stringify(lines[0])).toContain('store down');
});

it('refuses a second contributor under the same name', () => {
  const registry = createNextUpRegistry();
  registry.register({ name: 'pledges', itemsFor: async () => [] });
  expect(() => registry.register({ name: 'pledges', itemsFor: async () => [] })).toThrow(/twice/);
});

it('orders by urgency, then the soonest date first with undated last, then by title', () => {
  const items = [
    item({ title: 'b', urgency: 'yourTurn' }),
    item({ title: 'late', urgency: 'yourTurn', at: '2031-03-10T00:00:00.000Z' }),
    item({ title: 'a', urgency: 'yourTurn' }),
    item({ title: 'soon', urgency: 'yourTurn', at: '2031-03-04T00:00:00.000Z' }),
    item({ title: 'slot', urgency: 'upcoming', at: '2031-03-01T00:00:00.000Z' }),
  ];
  expect([...items].sort(byUrgency).map((i) => i.title)).toEqual(['soon', 'late', 'a', 'b', 'slot']);
});
