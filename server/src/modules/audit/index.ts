/** The audit module: a log of staff changes to residents' records. */
import type { Clock } from '../../platform/clock';
import { auditRoutes } from './routes';
import { createAuditService, type AuditService } from './service';

export type { AuditService, AuditRecordInput, AuditEntry } from './service';

export function createAuditModule({ clock }: { clock: Clock }) {
  const service: AuditService = createAuditService({ clock });
  return {
    service,
    api: auditRoutes(service),
    /** For identity's personal-data registry: entries are kept, the subject is anonymised. */
    personalData: {
      name: 'auditLog',
      export: (userId: string) => service.exportAbout(userId),
      erase: (userId: string) => service.anonymiseSubject(userId),
    },
  };
}
