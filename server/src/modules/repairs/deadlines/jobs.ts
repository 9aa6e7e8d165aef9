/**
 * The scheduled work of tickets (on the platform scheduler, restart-safe and run once across
 * instances): the deadline (flag overdue and escalate to the committee, once), the auto-close a
 * week after resolution, and the follow-up four weeks after a public-area ticket closes. Each
 * handler checks the ticket's state before writing, so a job run twice changes nothing twice.
 */
import type { Scheduler } from '../ports';
import { JOB, type TicketService } from '../tickets/service';

const ticketIdOf = (payload: Record<string, unknown>, key: string) =>
  typeof payload.ticketId === 'string' ? payload.ticketId : key;

export function registerDeadlineJobs(scheduler: Scheduler, tickets: TicketService): void {
  scheduler.handle(JOB.deadline, async (job) => {
    await tickets.markOverdue(ticketIdOf(job.payload, job.key));
  });
  scheduler.handle(JOB.autoClose, async (job) => {
    await tickets.autoClose(ticketIdOf(job.payload, job.key));
  });
  scheduler.handle(JOB.followUp, async (job) => {
    await tickets.askFollowUp(ticketIdOf(job.payload, job.key));
  });
}
