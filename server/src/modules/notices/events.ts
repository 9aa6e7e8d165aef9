/** What the notices module announces, after the write. */
import type { NoticeCategory } from '@linli/shared';
import type { Audience } from './audience';

declare module '../domain-events' {
  interface DomainEvents {
    'notice.published': {
      noticeId: string;
      communityId: string;
      category: NoticeCategory;
      title: string;
      audience: Audience;
      publishedBy: string;
      publishedAt: Date;
    };
    'notice.withdrawn': { noticeId: string; communityId: string; audience: Audience; withdrawnBy: string };
  }
}

export {};
