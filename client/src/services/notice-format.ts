/** How notices are labelled on screen, in the current language. */
import Taro from '@tarojs/taro';
import type { NoticeCategory } from '@linli/shared/notices';
import { t, type MessageKey } from '../i18n';
import type { Tone } from '../components/status-tones';

const CATEGORY_KEYS: Record<NoticeCategory, MessageKey> = {
  emergency: 'noticeCategoryEmergency',
  announcement: 'noticeCategoryAnnouncement',
  activity: 'noticeCategoryActivity',
};

/** Each category's colour (the kit's tones): emergencies stand out in red. */
export const CATEGORY_TONES: Record<NoticeCategory, Tone> = {
  emergency: 'danger',
  announcement: 'primary',
  activity: 'info',
};

export function categoryLabel(category: NoticeCategory): string {
  return t(CATEGORY_KEYS[category]);
}

/** China keeps UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * '2026-11-22 09:30', in community time (Asia/Shanghai) whatever the device's zone: a notice
 * "tonight at 8" means the same hour to every neighbour. Done by offset rather than Intl's
 * timeZone, which some mini-program runtimes lack.
 */
export function formatDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function openNoticePage(id: string): void {
  void Taro.navigateTo({ url: `/pages/notice-detail/index?id=${encodeURIComponent(id)}` });
}
