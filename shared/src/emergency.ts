/**
 * Emergency call (一键呼叫): a resident raises an alert in one tap; their confirmed carers and the
 * community's duty staff hear of it at once, one of them acknowledges ("王建国 is on the way"), and
 * staff close it with an outcome. Nobody acknowledging within the community's escalation time
 * widens the circle once (escalated).
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { PersonSchema } from './identity-api';
import { WellnessAlertView } from './meals-wellness';

/** open → acknowledged → closed; open → closed (staff may close without anyone acknowledging). */
export const EMERGENCY_ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type EmergencyAlertStatus = (typeof EMERGENCY_ALERT_STATUSES)[number];

export const EMERGENCY_OUTCOMES = ['falseAlarm', 'helpedAtHome', 'ambulanceCalled', 'other'] as const;
export type EmergencyOutcome = (typeof EMERGENCY_OUTCOMES)[number];

export const EMERGENCY_ACTIONS = ['acknowledge', 'close'] as const;
export type EmergencyAction = (typeof EMERGENCY_ACTIONS)[number];

/** Why someone was told: a carer of the person, a duty staff member, the committee (no one on duty). */
export const EMERGENCY_RECIPIENT_ROLES = ['carer', 'duty', 'committee'] as const;
export type EmergencyRecipientRole = (typeof EMERGENCY_RECIPIENT_ROLES)[number];

/** Default minutes without an acknowledgement before an alert escalates, unless a community sets its own. */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 3;

/**
 * Where the resident is, only when they allow it: coordinates exactly as the device gives them,
 * kept as such with their datum. The mini-program asks WeChat's getLocation for 'gcj02' (China's
 * GCJ-02 datum, which Tencent maps draw on); a browser only has the W3C geolocation API, whose
 * coordinates are WGS-84 (Taro's h5 getLocation refuses 'gcj02'), so the h5 app sends those.
 */
export const EMERGENCY_LOCATION_DATUMS = ['GCJ-02', 'WGS-84'] as const;
export const EmergencyLocationSchema = z
  .strictObject({
    datum: z.enum(EMERGENCY_LOCATION_DATUMS).meta({
      description: 'GCJ-02 from the mini-program (wx.getLocation type gcj02); WGS-84 from a browser',
    }),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    accuracyM: z
      .number()
      .min(0)
      .max(100_000)
      .optional()
      .meta({ description: 'Accuracy in metres, as given' }),
  })
  .meta({ id: 'EmergencyLocation' });
export type EmergencyLocation = z.infer<typeof EmergencyLocationSchema>;

export const RaiseEmergencyBody = z
  .strictObject({
    householdId: ObjectIdSchema.optional().meta({
      description: 'Which of my homes; defaults to my first home. A second press while one is open joins it.',
    }),
    location: EmergencyLocationSchema.optional(),
  })
  .meta({ id: 'RaiseEmergencyBody' });
export type RaiseEmergencyBody = z.infer<typeof RaiseEmergencyBody>;

export const CloseEmergencyBody = z
  .strictObject({
    outcome: z.enum(EMERGENCY_OUTCOMES),
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({ description: 'What happened, e.g. 已上门，老人摔倒无大碍' }),
  })
  .meta({ id: 'CloseEmergencyBody' });
export type CloseEmergencyBody = z.infer<typeof CloseEmergencyBody>;

export const EmergencyRecipientView = z
  .object({
    person: PersonSchema,
    role: z.enum(EMERGENCY_RECIPIENT_ROLES),
    /** 'raised' when first told, 'escalated' when told by the escalation. */
    round: z.enum(['raised', 'escalated']),
    at: z.string(),
  })
  .meta({ id: 'EmergencyRecipient' });
export type EmergencyRecipientView = z.infer<typeof EmergencyRecipientView>;

export const EmergencyAlertView = z
  .object({
    id: ObjectIdSchema,
    person: PersonSchema.meta({ description: 'Who called for help' }),
    communityId: ObjectIdSchema,
    householdId: ObjectIdSchema,
    buildingName: z.string().optional(),
    unit: z.string().optional(),
    raisedAt: z.string(),
    presses: z.number().int().min(1).meta({ description: 'Presses joined into this alert' }),
    lastPressedAt: z.string(),
    location: EmergencyLocationSchema.optional(),
    status: z.enum(EMERGENCY_ALERT_STATUSES),
    escalated: z.boolean(),
    escalatedAt: z.string().optional(),
    told: z.array(EmergencyRecipientView).meta({ description: 'Who has been told, in the order they were' }),
    acknowledgedBy: PersonSchema.optional().meta({ description: 'Who is on the way' }),
    acknowledgedAt: z.string().optional(),
    secondsToAcknowledge: z
      .number()
      .int()
      .optional()
      .meta({ description: 'From raising to the acknowledgement; while open, seconds waited so far' }),
    closedBy: PersonSchema.optional(),
    closedAt: z.string().optional(),
    outcome: z.enum(EMERGENCY_OUTCOMES).optional(),
    closeNote: z.string().optional(),
    actions: z.array(z.enum(EMERGENCY_ACTIONS)),
  })
  .meta({ id: 'EmergencyAlert' });
export type EmergencyAlertView = z.infer<typeof EmergencyAlertView>;

/** The raise answer: the alert, and whether this press joined one already open. */
export const RaisedEmergencyView = z
  .object({ alert: EmergencyAlertView, joined: z.boolean() })
  .meta({ id: 'RaisedEmergency' });
export type RaisedEmergencyView = z.infer<typeof RaisedEmergencyView>;

/**
 * One screen for those who look after people: emergency alerts (ongoing first, then closed,
 * newest first) and the meals module's wellness alerts (a delivery where nobody answered).
 */
export const CareAlertsView = z
  .object({
    emergency: z.array(EmergencyAlertView),
    wellness: z.array(WellnessAlertView),
  })
  .meta({ id: 'CareAlerts' });
export type CareAlertsView = z.infer<typeof CareAlertsView>;

export const CareAlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const EmergencySettingsBody = z
  .strictObject({
    escalateAfterMinutes: z.number().int().min(1).max(60),
  })
  .meta({ id: 'EmergencySettingsBody' });
export type EmergencySettingsBody = z.infer<typeof EmergencySettingsBody>;

export const EmergencySettingsView = z
  .object({ communityId: ObjectIdSchema, escalateAfterMinutes: z.number().int() })
  .meta({ id: 'EmergencySettings' });

export const DutyMemberView = z
  .object({
    person: PersonSchema,
    onDuty: z.boolean(),
    actions: z.array(z.enum(['setDuty'])),
  })
  .meta({ id: 'DutyMember' });
export const DutyRosterView = z
  .object({ communityId: ObjectIdSchema, members: z.array(DutyMemberView) })
  .meta({ id: 'DutyRoster' });
export type DutyRosterView = z.infer<typeof DutyRosterView>;

export const SetDutyBody = z.strictObject({ onDuty: z.boolean() }).meta({ id: 'SetDutyBody' });
