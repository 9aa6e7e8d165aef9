/**
 * Home's "what is next for me": the person's open requests across the services, from
 * `GET /api/v1/me/next` (each service answers for its own; the server sorts them, most urgent
 * first). `nextUpChanged` fires, debounced, when a live event may have moved one of them: a ticket
 * moved, an enquiry answered, a consultation opened, a pledge's project changed, my call answered,
 * a carer link confirmed (which brings an elder's vote). A burst of events is one refetch.
 */
import { NextUpView, type NextUpItem, type NextUpKind } from '@linli/shared/next-up';
import { api } from './api';
import { carerLinksChanged } from './carer-links';
import { consultationsChanged } from './consultations-live';
import { daycareChanged } from './daycare';
import { emergencyChanged } from './emergency';
import { pledgesChanged } from './pledges-signals';
import { repairsChanged } from './repairs';
import { createSignal, type Signal } from './signal';

export function myNextUp(): Promise<NextUpView> {
  return api.get('/api/v1/me/next', { schema: NextUpView });
}

/** The page each kind of item opens, given its targetId. */
const PAGES: Record<NextUpKind, string> = {
  emergencyCall: '/packages/emergency/pages/alert/index',
  repairTicket: '/packages/repairs/pages/detail/index',
  daycareEnquiry: '/packages/daycare/pages/enquiry/index',
  vote: '/packages/consultations/pages/detail/index',
  labourSlot: '/packages/pledges/pages/project/index',
};

export function nextUpUrl(item: Pick<NextUpItem, 'kind' | 'targetId'>): string {
  return `${PAGES[item.kind]}?id=${encodeURIComponent(item.targetId)}`;
}

/** One signal that fires `ms` after the last of `sources` fired (so a burst is one refetch). */
export function debouncedSignal(sources: readonly Signal[], ms: number): Signal {
  const out = createSignal();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const source of sources)
    source.subscribe(() => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        out.emit();
      }, ms);
    });
  return out;
}

export const nextUpChanged = debouncedSignal(
  [repairsChanged, daycareChanged, consultationsChanged, pledgesChanged, emergencyChanged, carerLinksChanged],
  400,
);
