/**
 * Community notices (社区公告): committee members and operators publish to the whole community, to
 * chosen buildings, or to residents with a tag; residents read them, and publishers see who has
 * not. Also the WeChat subscribe-message consent a resident grants in the mini-program.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { RESIDENT_TAGS } from './identity';
import { PersonSchema } from './identity-api';
import type { LocalizedText } from './i18n';

export const NOTICE_CATEGORIES = ['emergency', 'announcement', 'activity'] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

export const NOTICE_CATEGORY_NAMES: Readonly<Record<NoticeCategory, LocalizedText>> = {
  emergency: { 'zh-CN': '紧急通知', en: 'Emergency' },
  announcement: { 'zh-CN': '社区公告', en: 'Announcement' },
  activity: { 'zh-CN': '社区活动', en: 'Activity' },
};

export const NOTICE_STATUSES = ['published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const NOTICE_ACTIONS = ['withdraw'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export const NOTICE_TITLE_MAX = 60;
export const NOTICE_BODY_MAX = 5000;

/** Who a notice is for. Buildings must belong to the notice's community. */
export const NoticeAudienceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('community') }),
    z.strictObject({
      kind: z.literal('buildings'),
      buildingIds: z.array(ObjectIdSchema).min(1).max(200),
    }),
    z.strictObject({ kind: z.literal('tag'), tag: z.enum(RESIDENT_TAGS) }),
  ])
  .meta({
    id: 'NoticeAudience',
    description: 'The whole community, chosen buildings of it, or its residents with a tag',
  });
export type NoticeAudience = z.infer<typeof NoticeAudienceSchema>;

export const CreateNoticeBody = z.strictObject({
  communityId: ObjectIdSchema.meta({ description: 'The community the notice is published in' }),
  title: z.string().trim().min(1).max(NOTICE_TITLE_MAX).meta({ example: '11月25日 9:00–12:00 停水通知' }),
  body: z.string().trim().min(1).max(NOTICE_BODY_MAX),
  category: z.enum(NOTICE_CATEGORIES),
  audience: NoticeAudienceSchema,
  pinned: z.boolean().default(false),
  expiresAt: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'When the notice stops being shown; must be in the future' }),
});
export type CreateNoticeBody = z.infer<typeof CreateNoticeBody>;

export const NoticeView = z
  .object({
    id: z.string(),
    communityId: z.string(),
    title: z.string(),
    body: z.string(),
    category: z.enum(NOTICE_CATEGORIES),
    audience: NoticeAudienceSchema,
    pinned: z.boolean(),
    status: z.enum(NOTICE_STATUSES),
    publishedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().optional(),
    withdrawnAt: z.iso.datetime().optional(),
    /** Whether the viewer has opened it. */
    read: z.boolean(),
    actions: z.array(z.enum(NOTICE_ACTIONS)),
  })
  .meta({ id: 'Notice' });
export type NoticeView = z.infer<typeof NoticeView>;

/** A notice as its publishers see it in the community's list: with how many have read it. */
export const PublishedNoticeView = NoticeView.extend({
  readCount: z.number().int().min(0),
  /** Current audience: approved residents it reaches now. */
  audienceSize: z.number().int().min(0),
}).meta({ id: 'PublishedNotice' });
export type PublishedNoticeView = z.infer<typeof PublishedNoticeView>;

export const NoticeFeedQuery = z.object({
  category: z.enum(NOTICE_CATEGORIES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const CommunityNoticesQuery = z.object({
  status: z.enum(NOTICE_STATUSES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const UnreadCountView = z
  .object({
    total: z.number().int().min(0),
    byCategory: z.object(
      Object.fromEntries(NOTICE_CATEGORIES.map((c) => [c, z.number().int().min(0)])) as Record<
        NoticeCategory,
        z.ZodNumber
      >,
    ),
  })
  .meta({ id: 'NoticeUnreadCount' });
export type UnreadCountView = z.infer<typeof UnreadCountView>;

/** Someone in the audience who has not opened the notice: who, and which door to knock on. */
export const UnreadResidentView = z
  .object({
    person: PersonSchema,
    /** '1号楼 2-301'; several homes are joined with '、'. */
    householdLabel: z.string(),
  })
  .meta({ id: 'NoticeUnreadResident' });
export type UnreadResidentView = z.infer<typeof UnreadResidentView>;

// ---------------------------------------------------------------- subscribe messages

/**
 * `notice`: a community notice. `wellness`: a wellness alert about an elder one cares for.
 * `emergency`: someone one cares for (or, on duty, someone in the community) called for help.
 */
export const SUBSCRIPTION_TEMPLATES = ['notice', 'wellness', 'emergency'] as const;
export type SubscriptionTemplate = (typeof SUBSCRIPTION_TEMPLATES)[number];

/** WeChat gives one message per consent; we keep at most this many unspent consents per user. */
export const SUBSCRIPTION_CREDIT_CAP = 20;

export const SubscriptionConsentBody = z.strictObject({
  template: z.enum(SUBSCRIPTION_TEMPLATES),
  /** What `wx.requestSubscribeMessage` reported for the template: 'accept' → true. */
  accepted: z.boolean(),
});

export const SubscriptionCreditsView = z
  .object({
    template: z.enum(SUBSCRIPTION_TEMPLATES),
    /** Messages we may still send this user. */
    credits: z.number().int().min(0),
  })
  .meta({ id: 'SubscriptionCredits' });

/**
 * The subscribe-message templates this server sends, for the mini-program to ask consent for
 * (`wx.requestSubscribeMessage` needs the template ids): only configured templates are listed.
 */
export const SubscriptionTemplatesView = z
  .object({
    items: z.array(
      z.object({
        template: z.enum(SUBSCRIPTION_TEMPLATES),
        /** WeChat's template id, as configured on the server (WECHAT_NOTICE_TEMPLATE_ID). */
        templateId: z.string(),
        /** Messages we may still send this user. */
        credits: z.number().int().min(0),
      }),
    ),
  })
  .meta({ id: 'SubscriptionTemplates' });
export type SubscriptionTemplatesView = z.infer<typeof SubscriptionTemplatesView>;
