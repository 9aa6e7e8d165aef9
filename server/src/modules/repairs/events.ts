/** What the repairs module announces, after the write. */
import type { TicketAction, TicketStatus } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    /** A ticket was reported, moved, merged or "me too"d: its people refetch. */
    'repair.ticketChanged': {
      ticketId: string;
      communityId: string;
      providerId: string;
      status: TicketStatus;
      /** The move, 'report' for a new ticket, 'meToo' when only the count changed. */
      action: TicketAction | 'report' | 'meToo' | 'followUpAsked';
      /** Who did it (null: scheduled work); they are not told of their own move. */
      by: string | null;
      /** Filed by staff for the resident: the resident is told it was. */
      onBehalf?: boolean;
    };
    /** A ticket passed its due time while still open; raised once per ticket. */
    'repair.overdue': { ticketId: string; communityId: string; providerId: string; dueAt: Date };
  }
}
export {};
