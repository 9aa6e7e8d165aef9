/**
 * Repair requests (物业报修) as the pages use them: categories, reporting with photos, my reports,
 * my community's public ones with "me too", one ticket with its moves; for the property team the
 * queue, the technicians to dispatch to, a technician's jobs and the month's figures. Shapes come
 * from @linli/shared/repairs. `repairsChanged` fires on 'repair.ticketChanged' / 'repair.overdue'
 * (and after a reconnect): repairs pages on screen refetch.
 */
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import {
  CategoryView,
  FiguresView,
  TechnicianList,
  TicketView,
  type FollowUpAnswer,
  type ReportTicketBody,
  type TicketStatus,
  type TransitionBody,
} from '@linli/shared/repairs';
import { api } from './api';
import { createSignal } from './signal';

export const repairsChanged = createSignal();

const TicketPageSchema = pageOf(TicketView);
export type TicketPage = z.infer<typeof TicketPageSchema>;
const CategoryList = z.object({ items: z.array(CategoryView) });
const TicketList = z.object({ items: z.array(TicketView) });

const enc = encodeURIComponent;
const query = (params: Record<string, string | number | boolean | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');

export async function listCategories(communityId: string): Promise<CategoryView[]> {
  return (await api.get(`/api/v1/repairs/communities/${communityId}/categories`, { schema: CategoryList }))
    .items;
}

/** Open public-area reports of the same category and place: offered before a new one is filed. */
export async function similarTickets(categoryId: string, buildingId?: string): Promise<TicketView[]> {
  return (
    await api.get(`/api/v1/repairs/tickets/similar?${query({ categoryId, buildingId })}`, {
      schema: TicketList,
    })
  ).items;
}

export function reportTicket(body: Partial<ReportTicketBody>): Promise<TicketView> {
  return api.post('/api/v1/repairs/tickets', body, { schema: TicketView });
}

export function myTickets(page = 1, pageSize = 20): Promise<TicketPage> {
  return api.get(`/api/v1/repairs/tickets/mine?${query({ page, pageSize })}`, { schema: TicketPageSchema });
}

export function publicTickets(communityId: string, status?: 'open' | 'closed'): Promise<TicketPage> {
  return api.get(
    `/api/v1/repairs/communities/${communityId}/public-tickets?${query({ status, pageSize: 50 })}`,
    { schema: TicketPageSchema },
  );
}

export function getTicket(id: string): Promise<TicketView> {
  return api.get(`/api/v1/repairs/tickets/${id}`, { schema: TicketView });
}

export function moveTicket(id: string, body: Partial<TransitionBody> & Pick<TransitionBody, 'action'>) {
  return api.post(`/api/v1/repairs/tickets/${id}/transitions`, body, { schema: TicketView });
}

export function meToo(id: string): Promise<TicketView> {
  return api.post(`/api/v1/repairs/tickets/${id}/me-too`, {}, { schema: TicketView });
}

export function answerFollowUp(id: string, answer: FollowUpAnswer): Promise<TicketView> {
  return api.post(`/api/v1/repairs/tickets/${id}/follow-up`, { answer }, { schema: TicketView });
}

export function teamQueue(
  communityId: string,
  filter: { status?: TicketStatus; overdue?: boolean } = {},
): Promise<TicketPage> {
  return api.get(`/api/v1/repairs/queue?${query({ communityId, ...filter, pageSize: 50 })}`, {
    schema: TicketPageSchema,
  });
}

export async function technicians(communityId: string, providerId: string) {
  return (
    await api.get(`/api/v1/repairs/communities/${communityId}/technicians?${query({ providerId })}`, {
      schema: TechnicianList,
    })
  ).items;
}

export function myJobs(): Promise<TicketPage> {
  return api.get(`/api/v1/repairs/jobs?${query({ pageSize: 50 })}`, { schema: TicketPageSchema });
}

export function figures(communityId: string, month: string): Promise<FiguresView> {
  return api.get(`/api/v1/repairs/figures?${query({ communityId, month })}`, { schema: FiguresView });
}
