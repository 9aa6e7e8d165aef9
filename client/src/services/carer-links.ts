/**
 * Carer links (家人代办): a carer asks to act for an elder by the elder's carer code (their user id,
 * which the elder's Me page shows), and the elder confirms or turns it down; either side may end
 * it. `carerLinksChanged` fires on live changes (realtime.ts) and after the person's own actions.
 */
import { z } from 'zod';
import { CarerLinkView, type CarerLinkAction } from '@linli/shared/membership';
import { api } from './api';
import { createSignal } from './signal';

export const carerLinksChanged = createSignal();

const CarerLinkList = z.object({ items: z.array(CarerLinkView) });

export async function listMyCarerLinks(): Promise<CarerLinkView[]> {
  return (await api.get('/api/v1/carer-links/mine', { schema: CarerLinkList })).items;
}

/** Links split by the person's side of them. */
export function bySide(links: CarerLinkView[], myId: string) {
  return {
    asCarer: links.filter((l) => l.carerId === myId),
    asElder: links.filter((l) => l.elderId === myId),
  };
}

/** A carer code is a user id: 24 hex characters, typed or pasted with spaces and any case. */
export function normaliseCarerCode(typed: string): string | null {
  const code = typed.replace(/\s+/g, '').toLowerCase();
  return /^[0-9a-f]{24}$/.test(code) ? code : null;
}

export async function requestCarerLink(elderUserId: string): Promise<CarerLinkView> {
  const link = await api.post('/api/v1/carer-links', { elderUserId }, { schema: CarerLinkView });
  carerLinksChanged.emit();
  return link;
}

export async function actOnCarerLink(id: string, action: CarerLinkAction): Promise<CarerLinkView> {
  const link = await api.post(
    `/api/v1/carer-links/${encodeURIComponent(id)}/${action}`,
    {},
    { schema: CarerLinkView },
  );
  carerLinksChanged.emit();
  return link;
}
