/** Path parameters of the daycare routes, named once for every route file. */
import { ObjectIdSchema } from '@linli/shared';
import { z } from 'zod';

export const CentreParams = z.object({ providerId: ObjectIdSchema });
export const ClassParams = z.object({ classId: ObjectIdSchema });
export const SlotParams = z.object({ slotId: ObjectIdSchema });
export const EnquiryParams = z.object({ enquiryId: ObjectIdSchema });
export const CommunityParams = z.object({ communityId: ObjectIdSchema });
