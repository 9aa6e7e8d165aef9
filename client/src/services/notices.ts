/**
 * Notices (社区公告) for residents: the feed, the unread count behind the tab badge, opening one.
 * `noticesChanged()` is what realtime and onShow call: it refreshes the badge and tells the pages
 * on screen to refetch.
 */
import Taro from '@tarojs/taro';
import { z } from 'zod';
import { pageOf } from '@linli/shared/common';
import { NoticeView, UnreadCountView, type NoticeCategory } from '@linli/shared/notices';
import { api } from './api';

export const NoticePageSchema = pageOf(NoticeView);
export type NoticePage = z.infer<typeof NoticePageSchema>;

/** Index of the 公告 tab in app.config.ts's tabBar. */
export const NOTICES_TAB_INDEX = 1;
export const PAGE_SIZE = 20;

export function listNotices(page: number, category?: NoticeCategory): Promise<NoticePage> {
  const query = `page=${page}&pageSize=${PAGE_SIZE}${category ? `&category=${category}` : ''}`;
  return api.get(`/api/v1/notices?${query}`, { schema: NoticePageSchema });
}

export function getUnreadCount(): Promise<UnreadCountView> {
  return api.get('/api/v1/notices/unread-count', { schema: UnreadCountView });
}

/** Opens a notice; the server marks it read. */
export function openNotice(id: string): Promise<NoticeView> {
  return api.get(`/api/v1/notices/${encodeURIComponent(id)}`, { schema: NoticeView });
}

const listeners = new Set<() => void>();
let lastUnread: UnreadCountView | null = null;

/** Runs whenever notices may have changed (a live event, the app coming back, a notice opened). */
export function subscribeNotices(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function getLastUnread(): UnreadCountView | null {
  return lastUnread;
}

/** Sets or clears the badge on the 公告 tab; Taro refuses on pages without a tab bar: ignore. */
export async function showUnreadBadge(total: number): Promise<void> {
  try {
    if (total > 0) {
      await Taro.setTabBarBadge({ index: NOTICES_TAB_INDEX, text: total > 99 ? '99+' : String(total) });
    } else {
      await Taro.removeTabBarBadge({ index: NOTICES_TAB_INDEX });
    }
  } catch {
    // not on a tab page
  }
}

export async function refreshUnreadBadge(): Promise<UnreadCountView | null> {
  try {
    lastUnread = await getUnreadCount();
  } catch {
    return lastUnread; // offline: keep what we showed
  }
  await showUnreadBadge(lastUnread.total);
  return lastUnread;
}

export function noticesChanged(): void {
  void refreshUnreadBadge();
  for (const listener of listeners) listener();
}
