/**
 * Senior meals (长者助餐) as the pages use it: the week's menus, booking for oneself or an elder one
 * cares for, one's bookings, and for canteen staff the planner, roster, serving and settlement.
 * Request and response shapes come from @linli/shared/meals. `mealsChanged()` is what realtime
 * calls on 'meal.bookingChanged' / 'meal.rosterChanged' (and after a reconnect): pages on screen
 * refetch.
 */
import Taro from '@tarojs/taro';
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import type { Me } from '@linli/shared/identity-api';
import { CarerLinkView } from '@linli/shared/membership';
import {
  BookingView,
  CanteenSettingsView,
  ResidentMenusView,
  MenuEditView,
  MenuView,
  MenuWithdrawalView,
  RosterView,
  SettlementView,
  StandingOrderView,
  SubsidyPolicyView,
  type CanteenSettingsBody,
  type CreateBookingBody,
  type CreateMenuBody,
  type CreateStandingOrderBody,
  type DeliveryOutcome,
  type Meal,
  type SubsidyPolicyBody,
  type UpdateMenuBody,
} from '@linli/shared/meals';
import {
  DeliveryOutcomeView,
  WellnessAlertView,
  type WellnessAlertStatus,
} from '@linli/shared/meals-wellness';
import type { RealtimeEvents } from '@linli/shared/realtime';
import { t } from '../i18n';
import { createSignal } from './signal';
import { api } from './api';
import { ApiError, errorFromResponse, networkError } from './api-error';
import { ageOn, shanghaiDate } from './meals-format';

const MenuListSchema = z.object({ items: z.array(MenuView) });
const BookingPageSchema = pageOf(BookingView);
const CarerLinksSchema = z.object({ items: z.array(CarerLinkView) });
const StandingOrderListSchema = z.object({ items: z.array(StandingOrderView) });
const AlertPageSchema = pageOf(WellnessAlertView);
export type BookingPage = z.infer<typeof BookingPageSchema>;
export type AlertPage = z.infer<typeof AlertPageSchema>;

const enc = encodeURIComponent;
const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');

// ---- residents ----

/**
 * The menus a resident may book, where and when each of their canteens serves, and on each menu
 * the server's quote of what `forElder` (default: oneself) would pay.
 */
export function listMenus(from?: string, to?: string, forElder?: string): Promise<ResidentMenusView> {
  return api.get(`/api/v1/meals/menus?${query({ from, to, for: forElder })}`, { schema: ResidentMenusView });
}

/** The same menus quoted for another diner (the booking sheet's chosen elder). */
export async function quotesFor(from: string, to: string, diner: Diner): Promise<ResidentMenusView['items']> {
  return (await listMenus(from, to, diner.self ? undefined : diner.userId)).items;
}

export function book(body: CreateBookingBody): Promise<BookingView> {
  return api.post('/api/v1/meals/bookings', body, { schema: BookingView });
}

export function myBookings(page = 1, pageSize = 20): Promise<BookingPage> {
  return api.get(`/api/v1/meals/bookings/mine?${query({ page, pageSize })}`, { schema: BookingPageSchema });
}

export function cancelBooking(bookingId: string, reason?: string): Promise<BookingView> {
  return api.post(`/api/v1/meals/bookings/${enc(bookingId)}/cancel`, reason ? { reason } : {}, {
    schema: BookingView,
  });
}

export function subsidyPolicy(communityId: string): Promise<SubsidyPolicyView> {
  return api.get(`/api/v1/meals/communities/${enc(communityId)}/subsidy-policy`, {
    schema: SubsidyPolicyView,
  });
}

// ---- standing orders (residents and carers) ----

export function createStandingOrder(body: CreateStandingOrderBody): Promise<StandingOrderView> {
  return api.post('/api/v1/meals/standing-orders', body, { schema: StandingOrderView });
}

export async function myStandingOrders(): Promise<StandingOrderView[]> {
  return (await api.get('/api/v1/meals/standing-orders/mine', { schema: StandingOrderListSchema })).items;
}

export function pauseStandingOrder(id: string): Promise<StandingOrderView> {
  return api.post(`/api/v1/meals/standing-orders/${enc(id)}/pause`, undefined, { schema: StandingOrderView });
}

export function resumeStandingOrder(id: string): Promise<StandingOrderView> {
  return api.post(`/api/v1/meals/standing-orders/${enc(id)}/resume`, undefined, {
    schema: StandingOrderView,
  });
}

export async function deleteStandingOrder(id: string): Promise<void> {
  await api.delete(`/api/v1/meals/standing-orders/${enc(id)}`);
}

// ---- wellness alerts ----

/** Fired on 'meal.wellnessAlert' (raised or acknowledged) and after a reconnect: alert views refetch. */
export const wellnessAlertsChanged = createSignal();

export function myWellnessAlerts(page = 1, pageSize = 50): Promise<AlertPage> {
  return api.get(`/api/v1/meals/wellness-alerts/mine?${query({ page, pageSize })}`, {
    schema: AlertPageSchema,
  });
}

export function communityWellnessAlerts(
  communityId: string,
  status: WellnessAlertStatus = 'open',
  page = 1,
  pageSize = 50,
): Promise<AlertPage> {
  const path = `/api/v1/meals/communities/${enc(communityId)}/wellness-alerts?${query({ status, page, pageSize })}`;
  return api.get(path, { schema: AlertPageSchema });
}

export function acknowledgeAlert(alertId: string, body: { note: string }): Promise<WellnessAlertView> {
  return api.post(`/api/v1/meals/wellness-alerts/${enc(alertId)}/acknowledge`, body, {
    schema: WellnessAlertView,
  });
}

/** Someone a booking can be for: the signed-in person, or an elder they are the confirmed carer of. */
export interface Diner {
  userId: string;
  name: string;
  self: boolean;
}

/**
 * Whom this person can book for: themself when they have a home and are old enough by their
 * community's policy, and every elder who confirmed them as carer. A hint for the screen; the
 * server decides each booking (and says why when it refuses).
 */
export async function dinersFor(me: Me, now = new Date()): Promise<Diner[]> {
  const diners: Diner[] = [];
  const home = me.homes[0];
  if (home && me.birthDate) {
    let eligibilityAge = 60;
    try {
      eligibilityAge = (await subsidyPolicy(home.communityId)).eligibilityAge;
    } catch {
      // No policy readable: the national default age for elder meal assistance.
    }
    if (ageOn(me.birthDate, shanghaiDate(now)) >= eligibilityAge)
      diners.push({ userId: me.id, name: me.displayName, self: true });
  }
  const links = await api.get('/api/v1/carer-links/mine', { schema: CarerLinksSchema });
  for (const link of links.items)
    if (link.carerId === me.id && link.status === 'confirmed')
      diners.push({ userId: link.elderId, name: link.elderName ?? '', self: false });
  return diners;
}

// ---- canteen staff ----

export function canteenSettings(providerId: string): Promise<CanteenSettingsView> {
  return api.get(`/api/v1/meals/canteens/${enc(providerId)}/settings`, { schema: CanteenSettingsView });
}

/** Saves the canteen's booking window, delivery buildings, address and serving hours. */
export function saveCanteenSettings(
  providerId: string,
  body: CanteenSettingsBody,
): Promise<CanteenSettingsView> {
  return api.put(`/api/v1/meals/canteens/${enc(providerId)}/settings`, body, { schema: CanteenSettingsView });
}

export async function canteenMenus(providerId: string, from?: string, to?: string): Promise<MenuView[]> {
  const path = `/api/v1/meals/canteens/${enc(providerId)}/menus?${query({ from, to })}`;
  return (await api.get(path, { schema: MenuListSchema })).items;
}

export function createMenu(body: CreateMenuBody): Promise<MenuView> {
  return api.post('/api/v1/meals/menus', body, { schema: MenuView });
}

export function publishMenu(menuId: string): Promise<MenuView> {
  return api.post(`/api/v1/meals/menus/${enc(menuId)}/publish`, undefined, { schema: MenuView });
}

export function editMenu(menuId: string, body: UpdateMenuBody): Promise<MenuEditView> {
  return api.patch(`/api/v1/meals/menus/${enc(menuId)}`, body, { schema: MenuEditView });
}

export function withdrawMenu(menuId: string, reason: string): Promise<MenuWithdrawalView> {
  return api.post(`/api/v1/meals/menus/${enc(menuId)}/withdraw`, { reason }, { schema: MenuWithdrawalView });
}

export async function deleteDraftMenu(menuId: string): Promise<void> {
  await api.delete(`/api/v1/meals/menus/${enc(menuId)}`);
}

/** What the delivery round found at the door; 'nobodyAnswered' alerts carers and the committee. */
export function recordDeliveryOutcome(
  bookingId: string,
  outcome: DeliveryOutcome,
  note = '',
): Promise<DeliveryOutcomeView> {
  return api.post(
    `/api/v1/meals/bookings/${enc(bookingId)}/delivery-outcome`,
    { outcome, note },
    {
      schema: DeliveryOutcomeView,
    },
  );
}

const rosterPath = (providerId: string, date: string, meal: Meal) =>
  `/api/v1/meals/canteens/${enc(providerId)}/roster?${query({ date, meal })}`;

export function roster(providerId: string, date: string, meal: Meal): Promise<RosterView> {
  return api.get(rosterPath(providerId, date, meal), { schema: RosterView });
}

export function serve(menuId: string, pickupCode: string): Promise<BookingView> {
  return api.post(`/api/v1/meals/menus/${enc(menuId)}/serve`, { pickupCode }, { schema: BookingView });
}

export function markNoShow(bookingId: string): Promise<BookingView> {
  return api.post(`/api/v1/meals/bookings/${enc(bookingId)}/no-show`, undefined, { schema: BookingView });
}

export function saveSubsidyPolicy(communityId: string, body: SubsidyPolicyBody): Promise<SubsidyPolicyView> {
  return api.put(`/api/v1/meals/communities/${enc(communityId)}/subsidy-policy`, body, {
    schema: SubsidyPolicyView,
  });
}

const settlementPath = (providerId: string, month: string) =>
  `/api/v1/meals/canteens/${enc(providerId)}/settlement?${query({ month })}`;

export function settlement(providerId: string, month: string): Promise<SettlementView> {
  return api.get(settlementPath(providerId, month), { schema: SettlementView });
}

export const rosterCsvPath = (providerId: string, date: string, meal: Meal) =>
  rosterPath(providerId, date, meal).replace('/roster?', '/roster/csv?');
export const settlementCsvPath = (providerId: string, month: string) =>
  settlementPath(providerId, month).replace('/settlement?', '/settlement/csv?');

/**
 * A CSV export. h5: fetched with the session's token and saved as a download. The mini-program
 * cannot save a spreadsheet anywhere useful, so it copies the address for a computer instead.
 * Resolves to what happened, for the page to say so.
 */
export async function exportCsv(path: string, filename: string): Promise<'downloaded' | 'copied'> {
  if (process.env.TARO_ENV !== 'h5') {
    const base = LINLI_API_BASE;
    await Taro.setClipboardData({ data: base + path });
    return 'copied';
  }
  const get = (token: string | undefined) =>
    fetch(LINLI_API_BASE + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  let response: Response;
  try {
    const token = api.tokens.get()?.accessToken;
    response = await get(token);
    if (response.status === 401 && token) {
      const fresh = await api.refreshFor(token);
      if (fresh) response = await get(fresh.accessToken);
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw networkError();
  }
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: the status says enough
    }
    throw errorFromResponse(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return 'downloaded';
}

export function exportedMessage(result: 'downloaded' | 'copied'): string {
  return t(result === 'copied' ? 'mealsCsvCopied' : 'mealsCsvDownloaded');
}

// ---- live updates ----

export type MealsChange =
  | { kind: 'booking'; payload: RealtimeEvents['meal.bookingChanged'] }
  | { kind: 'roster'; payload: RealtimeEvents['meal.rosterChanged'] }
  | { kind: 'menu'; payload: RealtimeEvents['meal.menuChanged'] }
  | { kind: 'skipped'; payload: RealtimeEvents['meal.standingOrderSkipped'] }
  | { kind: 'wellness'; payload: RealtimeEvents['meal.wellnessAlert'] }
  /** Connected again: events may have been missed (room events are never replayed). */
  | { kind: 'resync' };

const listeners = new Set<(change: MealsChange) => void>();

export function subscribeMeals(listener: (change: MealsChange) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function mealsChanged(change: MealsChange): void {
  for (const listener of listeners) listener(change);
}
