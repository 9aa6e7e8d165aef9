/** What the daycare module announces, after the write. */
import type { EnquiryStatus } from '@linli/shared';
import type { EnquiryDoc } from './enquiries/model';

declare module '../domain-events' {
  interface DomainEvents {
    'daycare.enquiryChanged': {
      enquiryId: string;
      providerId: string;
      guardianId: string;
      preparedBy?: string;
      status: EnquiryStatus;
    };
    'daycare.messagePosted': {
      enquiryId: string;
      providerId: string;
      guardianId: string;
      from: 'guardian' | 'centre';
    };
  }
}

export function enquiryChanged(e: EnquiryDoc) {
  return {
    enquiryId: String(e._id),
    providerId: String(e.providerId),
    guardianId: String(e.guardianId),
    ...(e.preparedBy ? { preparedBy: String(e.preparedBy) } : {}),
    status: e.status,
  };
}
