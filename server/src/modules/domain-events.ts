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

export interface DomainEvents {
  /**
   * main.ts, once the server listens: modules finish background work a previous process left
   * undone (standing orders of a menu whose publication's run was cut short).
   */
  'system.started': Record<string, never>;
}

export type DomainEventBus = EventBus<DomainEvents>;
