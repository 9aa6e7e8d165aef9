/**
 * Senior meals: what a delivery round found at the door, and the wellness alert raised when nobody
 * answered. An elder who does not open the door for a booked meal may be unwell or fallen, so the
 * canteen records it and the elder's confirmed carers and the community's committee are told at
 * once; a committee member acknowledges the alert once someone has checked on the elder.
 */
import { z } from 'zod';
import { ObjectIdSchema, PageQuerySchema } from './common';
import { PersonSchema } from './identity-api';
import { BookingView, DELIVERY_OUTCOMES, MEALS } from './meals';

export const DeliveryOutcomeBody = z
  .strictObject({
    outcome: z.enum(DELIVERY_OUTCOMES),
    note: z
      .string()
      .trim()
      .max(200)
      .default('')
      .meta({ description: 'What the courier saw or tried, e.g. 敲门三次、电话未接' }),
  })
  .meta({ id: 'DeliveryOutcomeBody' });
export type DeliveryOutcomeBody = z.infer<typeof DeliveryOutcomeBody>;

export const WELLNESS_ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type WellnessAlertStatus = (typeof WELLNESS_ALERT_STATUSES)[number];

export const WellnessAlertView = z
  .object({
    id: ObjectIdSchema,
    elder: PersonSchema,
    bookingId: ObjectIdSchema,
    communityId: ObjectIdSchema,
    providerId: ObjectIdSchema,
    date: z.string(),
    meal: z.enum(MEALS),
    buildingName: z.string().optional(),
    unit: z.string().optional(),
    reportNote: z.string().meta({ description: "The courier's note when recording the outcome" }),
    status: z.enum(WELLNESS_ALERT_STATUSES),
    raisedBy: ObjectIdSchema,
    raisedAt: z.string(),
    acknowledgedBy: ObjectIdSchema.optional(),
    acknowledgedAt: z.string().optional(),
    note: z.string().optional().meta({ description: 'What the committee found, given when acknowledging' }),
  })
  .meta({ id: 'WellnessAlert' });
export type WellnessAlertView = z.infer<typeof WellnessAlertView>;

export const AcknowledgeWellnessAlertBody = z
  .strictObject({
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({ description: 'What was found, e.g. 已上门，老人在医院复诊，平安' }),
  })
  .meta({ id: 'AcknowledgeWellnessAlertBody' });

export const WellnessAlertListQuery = PageQuerySchema.extend({
  status: z.enum(WELLNESS_ALERT_STATUSES).default('open'),
}).strict();

/** The booking as it now is, and the alert when nobody answered. */
export const DeliveryOutcomeView = z
  .object({ booking: BookingView, alert: WellnessAlertView.optional() })
  .meta({ id: 'DeliveryOutcome' });
export type DeliveryOutcomeView = z.infer<typeof DeliveryOutcomeView>;
