/** The platform pieces repairs uses, named once for the module. */

export type { DueJob, Scheduler } from '../../platform/scheduler';

export type { UploadRef, UploadService, UploadView } from '../../platform/uploads';

/** The upload owner kind of repair tickets (their photos, and the photos on their history). */
export const TICKET_UPLOAD_KIND = 'repairTicket';
