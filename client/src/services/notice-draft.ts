/**
 * The notice composer's state and its checks, kept out of the page so they can be tested: what the
 * publisher filled in, what is missing (said in words they can act on), and the request body.
 * The server checks the same rules (CreateNoticeBody); checking here too means the publisher hears
 * about a missing building before the preview, not after tapping publish.
 */
import type { ResidentTag } from '@linli/shared/identity';
import {
  CreateNoticeBody,
  NOTICE_BODY_MAX,
  NOTICE_TITLE_MAX,
  type NoticeAudience,
  type NoticeCategory,
} from '@linli/shared/notices';
import { t, type MessageKey } from '../i18n';

export type AudienceKind = NoticeAudience['kind'];

export interface NoticeDraft {
  communityId: string;
  category: NoticeCategory;
  audienceKind: AudienceKind;
  /** Chosen when audienceKind is 'buildings'. */
  buildingIds: string[];
  /** Chosen when audienceKind is 'tag'. */
  tag: ResidentTag | null;
  title: string;
  body: string;
  pinned: boolean;
}

export type DraftField = 'community' | 'audience' | 'title' | 'body';

export interface DraftProblem {
  field: DraftField;
  message: string;
}

export function emptyDraft(communityId: string): NoticeDraft {
  return {
    communityId,
    category: 'announcement',
    audienceKind: 'community',
    buildingIds: [],
    tag: null,
    title: '',
    body: '',
    pinned: false,
  };
}

export function audienceOf(draft: NoticeDraft): NoticeAudience | null {
  switch (draft.audienceKind) {
    case 'community':
      return { kind: 'community' };
    case 'buildings':
      return draft.buildingIds.length > 0 ? { kind: 'buildings', buildingIds: [...draft.buildingIds] } : null;
    case 'tag':
      return draft.tag ? { kind: 'tag', tag: draft.tag } : null;
  }
}

/** Everything that stops the draft from being published, in the order of the form. */
export function draftProblems(draft: NoticeDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const add = (field: DraftField, key: MessageKey, params?: Record<string, number>) =>
    problems.push({ field, message: t(key, params) });
  if (!draft.communityId) add('community', 'composeNeedCommunity');
  if (!audienceOf(draft))
    add('audience', draft.audienceKind === 'buildings' ? 'composeNeedBuildings' : 'composeNeedTag');
  const title = draft.title.trim();
  if (!title) add('title', 'composeNeedTitle');
  else if (title.length > NOTICE_TITLE_MAX) add('title', 'composeTitleTooLong', { max: NOTICE_TITLE_MAX });
  const body = draft.body.trim();
  if (!body) add('body', 'composeNeedBody');
  else if (body.length > NOTICE_BODY_MAX) add('body', 'composeBodyTooLong', { max: NOTICE_BODY_MAX });
  return problems;
}

/** The request body for POST /notices, or null while the draft has problems. */
export function toCreateNoticeBody(draft: NoticeDraft): CreateNoticeBody | null {
  const audience = audienceOf(draft);
  if (draftProblems(draft).length > 0 || !audience) return null;
  const parsed = CreateNoticeBody.safeParse({
    communityId: draft.communityId,
    title: draft.title.trim(),
    body: draft.body.trim(),
    category: draft.category,
    audience,
    pinned: draft.pinned,
  });
  return parsed.success ? parsed.data : null;
}

const TAG_KEYS: Record<ResidentTag, MessageKey> = {
  livingAlone: 'residentTagLivingAlone',
  lowIncome: 'residentTagLowIncome',
  disability: 'residentTagDisability',
};

export function tagLabel(tag: ResidentTag): string {
  return t(TAG_KEYS[tag]);
}

/** Who will get it, in words: '全体居民', '1号楼、3号楼', '独居老人'. */
export function audienceSummary(audience: NoticeAudience, buildingNames: Record<string, string>): string {
  switch (audience.kind) {
    case 'community':
      return t('audienceCommunity');
    case 'buildings':
      return audience.buildingIds.map((id) => buildingNames[id] ?? id).join(t('listSeparator'));
    case 'tag':
      return t('audienceTagged', { tag: tagLabel(audience.tag) });
  }
}
