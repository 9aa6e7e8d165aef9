/**
 * The realtime subscriber turns domain events into deliveries to the right people. (The live
 * socket.io path is the realtime module's; this checks who is told what.)
 */
import type { RealtimeEventName, RealtimeEvents } from '@linli/shared';
import { EventBus } from '../../platform/events';
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import type { DomainEvents } from '../domain-events';
import { deliverMembershipEvents } from './realtime';

function fakeDelivery() {
  const sent: { userIds: readonly string[]; event: RealtimeEventName; payload: unknown }[] = [];
  const rooms: { room: string; event: RealtimeEventName; payload: unknown }[] = [];
  const delivery: RealtimeDelivery = {
    async toUsers<K extends RealtimeEventName>(
      userIds: readonly string[],
      event: K,
      payload: RealtimeEvents[K],
    ) {
      sent.push({ userIds, event, payload });
    },
    async toRoom<K extends RealtimeEventName>(room: string, event: K, payload: RealtimeEvents[K]) {
      rooms.push({ room, event, payload });
    },
    async connectedUsers() {
      return new Set();
    },
  };
  return { delivery, sent, rooms };
}

it('tells the applicant, and the community’s committee room, when their membership is decided', async () => {
  const events = new EventBus<DomainEvents>(console);
  const { delivery, sent, rooms } = fakeDelivery();
  deliverMembershipEvents(events, delivery);
  await events.emit('membership.decided', {
    membershipId: 'm1',
    userId: 'u1',
    householdId: 'h1',
    communityId: 'c1',
    status: 'rejected',
    reason: '信息不符',
    decidedBy: 'staff',
  });
  expect(sent).toEqual([
    {
      userIds: ['u1'],
      event: 'membership.decided',
      payload: { membershipId: 'm1', householdId: 'h1', status: 'rejected', reason: '信息不符' },
    },
  ]);
  expect(rooms).toEqual([
    {
      room: 'staff:c1:committee',
      event: 'membership.queueChanged',
      payload: { communityId: 'c1', membershipId: 'm1' },
    },
  ]);
});

it('tells only the community’s committee room when a request is made or withdrawn', async () => {
  const events = new EventBus<DomainEvents>(console);
  const { delivery, sent, rooms } = fakeDelivery();
  deliverMembershipEvents(events, delivery);
  const facts = { membershipId: 'm1', userId: 'u1', householdId: 'h1', communityId: 'c1' };
  await events.emit('membership.requested', facts);
  await events.emit('membership.left', facts);
  expect(sent).toEqual([]);
  const told = {
    room: 'staff:c1:committee',
    event: 'membership.queueChanged',
    payload: { communityId: 'c1', membershipId: 'm1' },
  };
  expect(rooms).toEqual([told, told]);
});

it('tells both the carer and the elder when a carer link changes', async () => {
  const events = new EventBus<DomainEvents>(console);
  const { delivery, sent } = fakeDelivery();
  deliverMembershipEvents(events, delivery);
  await events.emit('carerLink.changed', {
    carerLinkId: 'l1',
    carerId: 'c',
    elderId: 'e',
    status: 'confirmed',
  });
  expect(sent).toEqual([
    {
      userIds: ['c', 'e'],
      event: 'carerLink.changed',
      payload: { carerLinkId: 'l1', carerId: 'c', elderId: 'e', status: 'confirmed' },
    },
  ]);
});
