/**
 * Every domain event, by name, with its payload. The map starts empty here; each module declares
 * its own events beside its code by augmenting this interface (see a module's events.ts):
 *
 *   declare module '../domain-events' {
 *     interface DomainEvents {
 *       'membership.decided': { membershipId: string; userId: string; status: MembershipStatus };
 *     }
 *   }
 *
 * so adding an event never means editing a shared file, yet every emit and subscriber is checked.
 */
import type { EventBus } from '../platform/events';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventBus = EventBus<DomainEvents>;
