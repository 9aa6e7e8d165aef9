/** Path parameters of the meals routes, named once for every route file. */
import { ObjectIdSchema } from '@linli/shared';
import { z } from 'zod';

export const CanteenParams = z.object({ providerId: ObjectIdSchema });
export const MenuParams = z.object({ menuId: ObjectIdSchema });
export const BookingParams = z.object({ bookingId: ObjectIdSchema });
export const CommunityParams = z.object({ communityId: ObjectIdSchema });
export const AlertParams = z.object({ alertId: ObjectIdSchema });
export const StandingOrderParams = z.object({ standingOrderId: ObjectIdSchema });
