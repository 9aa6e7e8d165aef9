/**
 * Every domain event, by name, with its payload. Only the platform's own event is declared here;
 * each module declares its events beside its code by augmenting this interface (see a module's
 * events.ts, e.g. membership/events.ts):
 *
 *   declare module '../domain-events' {
 *     interface DomainEvents {
 *       'carerLink.changed': { carerLinkId: string; carerId: string; elderId: string; status: CarerLinkStatus };
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
