/**
 * Daycare enquiries (托育咨询) as the pages use them: centres with fees net of the inclusive subsidy
 * and classes with places, the availability preview and the enquiry itself, my enquiries with
 * their conversation, visits, offers and the waitlist estimate; for a centre's operators the inbox,
 * classes and visit slots; for the committee the community's demand. Shapes from
 * @linli/shared/daycare. `daycareChanged` fires on 'daycare.enquiryChanged' / 'daycare.message'
 * (and after a reconnect): pages on screen refetch.
 */
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import {
  CentreSettingsView,
  CentreView,
  ClassView,
  DemandView,
  EnquiryView,
  MessageView,
  OccupancyView,
  PreviewView,
  VisitSlotView,
  WaitlistView,
  type CentreSettingsBody,
  type ClassBody,
  type EnquiryBody,
  type EnquiryStatus,
  type Schedule,
  type VisitSlotBody,
} from '@linli/shared/daycare';
import { api } from './api';
import { createSignal } from './signal';

/** Something about an enquiry or its conversation changed: pages showing enquiries refetch. */
export const daycareChanged = createSignal();

const CentreList = z.object({ items: z.array(CentreView) });
const EnquiryList = z.object({ items: z.array(EnquiryView) });
const EnquiryPage = pageOf(EnquiryView);
const MessageList = z.object({ items: z.array(MessageView) });
const SlotList = z.object({ items: z.array(VisitSlotView) });
export type EnquiryPage = z.infer<typeof EnquiryPage>;
export type Message = z.infer<typeof MessageView>;
export type Preview = z.infer<typeof PreviewView>;
export type Occupancy = z.infer<typeof OccupancyView>;
export type Demand = z.infer<typeof DemandView>;

const enc = encodeURIComponent;
const base = '/api/v1/daycare';

// ---- families ----

export async function listCentres(): Promise<CentreView[]> {
  return (await api.get(`${base}/centres`, { schema: CentreList })).items;
}

export function centre(providerId: string): Promise<CentreView> {
  return api.get(`${base}/centres/${enc(providerId)}`, { schema: CentreView });
}

export async function visitSlots(providerId: string): Promise<VisitSlotView[]> {
  return (await api.get(`${base}/centres/${enc(providerId)}/visit-slots`, { schema: SlotList })).items;
}

export function preview(body: {
  birthMonth: string;
  desiredStart: string;
  schedule: Schedule;
  centreIds: string[];
}): Promise<Preview> {
  return api.post(`${base}/enquiries/preview`, body, { schema: PreviewView });
}

export async function enquire(body: EnquiryBody): Promise<EnquiryView[]> {
  return (await api.post(`${base}/enquiries`, body, { schema: EnquiryList })).items;
}

export function myEnquiries(page = 1, pageSize = 50): Promise<EnquiryPage> {
  return api.get(`${base}/enquiries/mine?page=${page}&pageSize=${pageSize}`, { schema: EnquiryPage });
}

export function enquiry(enquiryId: string): Promise<EnquiryView> {
  return api.get(`${base}/enquiries/${enc(enquiryId)}`, { schema: EnquiryView });
}

export async function messages(enquiryId: string): Promise<Message[]> {
  return (await api.get(`${base}/enquiries/${enc(enquiryId)}/messages`, { schema: MessageList })).items;
}

export function sendMessage(enquiryId: string, text: string): Promise<Message> {
  return api.post(`${base}/enquiries/${enc(enquiryId)}/messages`, { text }, { schema: MessageView });
}

export function markRead(enquiryId: string): Promise<unknown> {
  return api.post(`${base}/enquiries/${enc(enquiryId)}/read`);
}

export function waitlist(enquiryId: string): Promise<WaitlistView> {
  return api.get(`${base}/enquiries/${enc(enquiryId)}/waitlist`, { schema: WaitlistView });
}

/** The workflow's moves as the API names them (each answers the enquiry as it now is). */
const MOVE_PATHS = {
  confirm: 'confirm',
  reply: 'reply',
  bookVisit: 'visit',
  cancelVisit: 'cancel-visit',
  markVisited: 'visited',
  offer: 'offer',
  waitlist: 'waitlist',
  accept: 'accept',
  declineOffer: 'decline-offer',
  withdraw: 'withdraw',
  decline: 'decline',
} as const;
export type Move = keyof typeof MOVE_PATHS;

export function move(enquiryId: string, action: Move, body: object = {}): Promise<EnquiryView> {
  return api.post(`${base}/enquiries/${enc(enquiryId)}/${MOVE_PATHS[action]}`, body, { schema: EnquiryView });
}

// ---- a centre's operators ----

export function inbox(providerId: string, status?: EnquiryStatus): Promise<EnquiryPage> {
  const filter = status ? `&status=${status}` : '';
  return api.get(`${base}/centres/${enc(providerId)}/enquiries?pageSize=100${filter}`, {
    schema: EnquiryPage,
  });
}

export function settings(providerId: string): Promise<z.infer<typeof CentreSettingsView>> {
  return api.get(`${base}/centres/${enc(providerId)}/settings`, { schema: CentreSettingsView });
}

export function saveSettings(providerId: string, body: CentreSettingsBody): Promise<unknown> {
  return api.put(`${base}/centres/${enc(providerId)}/settings`, body);
}

export function addClass(providerId: string, body: ClassBody): Promise<ClassView> {
  return api.post(`${base}/centres/${enc(providerId)}/classes`, body, { schema: ClassView });
}

export function addVisitSlot(providerId: string, body: VisitSlotBody): Promise<VisitSlotView> {
  return api.post(`${base}/centres/${enc(providerId)}/visit-slots`, body, { schema: VisitSlotView });
}

export function removeVisitSlot(slotId: string): Promise<unknown> {
  return api.delete(`${base}/visit-slots/${enc(slotId)}`);
}

export function occupancy(providerId: string): Promise<Occupancy> {
  return api.get(`${base}/centres/${enc(providerId)}/occupancy`, { schema: OccupancyView });
}

// ---- the committee ----

export function demand(communityId: string, months = 6): Promise<Demand> {
  return api.get(`${base}/communities/${enc(communityId)}/demand?months=${months}`, { schema: DemandView });
}

// ---- words and numbers ----

/** 'YYYY-MM' of a Shanghai date some months from 'YYYY-MM-DD'. */
export function monthsBefore(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** An instant as 'MM-DD HH:mm' in Asia/Shanghai. */
export function shanghaiTime(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${at.slice(5, 10)} ${at.slice(11, 16)}`;
}
