/** Notices as the API shows them, with the actions the viewer may take. */
import type { NoticeView, PublishedNoticeView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import { audienceOf } from './audience';
import type { NoticeDoc } from './model';
import { noticeActions } from './policy';

export function presentNotice(notice: NoticeDoc, viewer: Actor, read: boolean): NoticeView {
  const facts = {
    communityId: String(notice.communityId),
    status: notice.status,
    publishedBy: String(notice.publishedBy),
  };
  return {
    id: String(notice._id),
    communityId: facts.communityId,
    title: notice.title,
    body: notice.body,
    category: notice.category,
    audience: audienceOf(notice),
    pinned: notice.pinned,
    status: notice.status,
    publishedAt: notice.publishedAt.toISOString(),
    ...(notice.expiresAt ? { expiresAt: notice.expiresAt.toISOString() } : {}),
    ...(notice.withdrawnAt ? { withdrawnAt: notice.withdrawnAt.toISOString() } : {}),
    read,
    actions: noticeActions(viewer, facts),
  };
}

export function presentPublishedNotice(
  notice: NoticeDoc,
  viewer: Actor,
  counts: { read: boolean; readCount: number; audienceSize: number },
): PublishedNoticeView {
  return {
    ...presentNotice(notice, viewer, counts.read),
    readCount: counts.readCount,
    audienceSize: counts.audienceSize,
  };
}
