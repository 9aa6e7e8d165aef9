/**
 * The person's rights over their data: a copy of everything kept about them, and deleting the
 * account (the server erases it and ends every session; we then forget the session here).
 */
import Taro from '@tarojs/taro';
import { t, type MessageKey } from '../i18n';
import { api } from './api';
import { auth, getUser } from './index';
import { forgetPreferencesOf } from './preferences';
import { SEQ_STORAGE_PREFIX } from './realtime-client';

export type MyData = Record<string, unknown> & { exportedAt: string };

export function exportMyData(): Promise<MyData> {
  return api.get<MyData>('/api/v1/me/export');
}

/** Per section of the export (profile, memberships, notices, …): how many records it holds. */
export function summariseExport(data: MyData): { section: string; count: number }[] {
  return Object.entries(data)
    .filter(([key]) => key !== 'exportedAt')
    .map(([section, value]) => ({ section, count: countRecords(value) }));
}

function countRecords(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') {
    const nested = Object.values(value as Record<string, unknown>);
    // A section of lists ({ reads: [...], subscriptions: [...] }) counts its records; a record counts 1.
    if (nested.length > 0 && nested.every(Array.isArray))
      return nested.reduce<number>((n, v) => n + countRecords(v), 0);
    return 1;
  }
  return value === undefined || value === null ? 0 : 1;
}

const SECTION_KEYS: Record<string, MessageKey> = {
  profile: 'exportSectionProfile',
  memberships: 'exportSectionMemberships',
  carerLinks: 'exportSectionCarerLinks',
  auditLog: 'exportSectionAuditLog',
  notices: 'exportSectionNotices',
};

/** A section's name in words; a section this app does not know yet keeps its key. */
export function exportSectionLabel(section: string): string {
  const key = SECTION_KEYS[section];
  return key ? t(key) : section;
}

export function exportFileName(data: MyData): string {
  return `linli-my-data-${data.exportedAt.slice(0, 10)}.json`;
}

/**
 * The server wants the word DELETE in the body as its own confirmation. Afterwards nothing of the
 * person stays on the device either: session, remembered preferences, realtime position.
 */
export async function deleteMyAccount(): Promise<void> {
  const userId = getUser()?.id;
  await api.delete('/api/v1/me', { body: { confirm: 'DELETE' } });
  auth.forgetSession();
  if (userId) {
    forgetPreferencesOf(userId);
    Taro.removeStorageSync(SEQ_STORAGE_PREFIX + userId);
  }
}

/**
 * Hands the export to the person: a .json download in the browser; in the mini-program, which
 * cannot save arbitrary files for the user, a copy on the clipboard to paste into a chat or note.
 */
export async function saveExport(data: MyData): Promise<'downloaded' | 'copied'> {
  const text = JSON.stringify(data, null, 2);
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(data);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return 'downloaded';
  }
  await Taro.setClipboardData({ data: text });
  return 'copied';
}
