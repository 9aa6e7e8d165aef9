/** Path parameters of the repairs routes, named once for every route file. */
import { ObjectIdSchema } from '@linli/shared';
import { z } from 'zod';

export const CommunityParams = z.object({ communityId: ObjectIdSchema });
export const CategoryParams = z.object({ categoryId: ObjectIdSchema });
export const TicketParams = z.object({ ticketId: ObjectIdSchema });
