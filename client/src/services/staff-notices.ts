/**
 * Notices as their publishers (committee, operators) work with them: publish, the community's
 * list with read counts, and who has not read one yet (to knock on their doors).
 */
import { z } from 'zod';
import { BuildingView } from '@linli/shared/communities';
import { pageOf } from '@linli/shared/common';
import {
  NoticeView,
  PublishedNoticeView,
  UnreadResidentView,
  type CreateNoticeBody,
} from '@linli/shared/notices';
import { api } from './api';
import { createSignal } from './signal';

/** Fires after a publish, so the list the publisher returns to is current. */
export const publishedNoticesChanged = createSignal();

const PublishedNoticePage = pageOf(PublishedNoticeView);
export type PublishedNoticePage = z.infer<typeof PublishedNoticePage>;
const UnreadResidentPage = pageOf(UnreadResidentView);
export type UnreadResidentPage = z.infer<typeof UnreadResidentPage>;
const BuildingList = z.object({ items: z.array(BuildingView) });

export async function publishNotice(body: CreateNoticeBody): Promise<NoticeView> {
  const notice = await api.post('/api/v1/notices', body, { schema: NoticeView });
  publishedNoticesChanged.emit();
  return notice;
}

export function listCommunityNotices(communityId: string, page = 1): Promise<PublishedNoticePage> {
  return api.get(
    `/api/v1/communities/${encodeURIComponent(communityId)}/notices?status=published&page=${page}&pageSize=20`,
    { schema: PublishedNoticePage },
  );
}

export function listUnreadResidents(noticeId: string, page = 1): Promise<UnreadResidentPage> {
  return api.get(`/api/v1/notices/${encodeURIComponent(noticeId)}/unread?page=${page}&pageSize=100`, {
    schema: UnreadResidentPage,
  });
}

/** The community's buildings, for choosing an audience (the committee may list them). */
export async function listBuildings(communityId: string): Promise<BuildingView[]> {
  const { items } = await api.get(`/api/v1/communities/${encodeURIComponent(communityId)}/buildings`, {
    schema: BuildingList,
  });
  return [...items].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}

export function getPublishedNotice(noticeId: string): Promise<NoticeView> {
  return api.get(`/api/v1/notices/${encodeURIComponent(noticeId)}`, { schema: NoticeView });
}
