/**
 * "What is next for me" on Home: the signed-in person's open requests across the services, each
 * naming the page it opens (service + kind + targetId; the client knows the page paths). Every
 * service answers for its own items (server/src/platform/next-up.ts); the server sorts them, most
 * urgent first, so the client only shows the first few.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';

export const NEXT_UP_SERVICES = ['emergency', 'repairs', 'daycare', 'consultations', 'pledges'] as const;
export type NextUpService = (typeof NEXT_UP_SERVICES)[number];

/** What the item is, and so which page it opens. */
export const NEXT_UP_KINDS = [
  'emergencyCall',
  'repairTicket',
  'daycareEnquiry',
  'vote',
  'labourSlot',
] as const;
export type NextUpKind = (typeof NEXT_UP_KINDS)[number];

/**
 * Most urgent first: `now` (my call for help is open), `yourTurn` (it waits for me: confirm a
 * repair, approve a quote, answer an enquiry, vote), `upcoming` (a visit or a labour slot at a
 * time), `inProgress` (others are on it; I only follow).
 */
export const NEXT_UP_URGENCIES = ['now', 'yourTurn', 'upcoming', 'inProgress'] as const;
export type NextUpUrgency = (typeof NEXT_UP_URGENCIES)[number];

export const NextUpItem = z.object({
  service: z.enum(NEXT_UP_SERVICES),
  kind: z.enum(NEXT_UP_KINDS),
  /** The record the item's page opens (`?id=`): a ticket, an enquiry, a consultation, a project, a call. */
  targetId: ObjectIdSchema,
  title: z.string(),
  /** Where it stands, or what it waits for, in the request's language. */
  stateLabel: z.string(),
  urgency: z.enum(NEXT_UP_URGENCIES),
  /** When it happens or falls due (a visit, a slot, voting closes, an offer lapses). */
  at: z.iso.datetime().optional(),
});
export type NextUpItem = z.infer<typeof NextUpItem>;

export const NextUpView = z.object({
  /** Every open item, most urgent first; Home shows the first few. */
  items: z.array(NextUpItem),
  /** Services that could not answer this time (logged on the server); their items are missing. */
  unavailable: z.array(z.string()),
});
export type NextUpView = z.infer<typeof NextUpView>;
