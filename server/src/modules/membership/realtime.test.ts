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
  const delivery: RealtimeDelivery = {
    async toUsers<K extends RealtimeEventName>(
      userIds: readonly string[],
      event: K,
      payload: RealtimeEvents[K],
    ) {
      sent.push({ userIds, event, payload });
    },
    async toRoom() {},
    async connectedUsers() {
      return new Set();
    },
  };
  return { delivery, sent };
}

it('tells the applicant when their membership is decided', async () => {
  const events = new EventBus<DomainEvents>(console);
  const { delivery, sent } = fakeDelivery();
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
