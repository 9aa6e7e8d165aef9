/**
 * The identity API as client and server agree on it: sign-in, tokens, the signed-in user's own
 * profile, and the admin's staff accounts. Also `maskPhone`, so a number is hidden the same way on
 * the phone as in the API.
 */
import { z } from 'zod';
import { ObjectIdSchema, pageOf } from './common';
import { HomeSchema, RESIDENT_TAGS, RoleGrantSchema, STAFF_ROLES } from './identity';

/** '13812341234' → '138****1234'. Anything that is not a mainland mobile number is hidden whole. */
export function maskPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** A mainland China mobile number: 11 digits starting with 1. */
export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, 'phoneCN')
  .meta({ description: 'Mainland China mobile number, 11 digits', example: '13812341234' });

const EARLIEST_BIRTH_YEAR = 1900;

/**
 * A calendar date of birth, 'YYYY-MM-DD'. The schema checks that the date exists and is not before
 * 1900; "not in the future" needs the server's clock and is checked by the identity service.
 */
export const BirthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date_iso')
  .refine(isRealCalendarDate, {
    params: { text: { 'zh-CN': '不是有效的日期', en: 'is not a real calendar date' } },
  })
  .refine((text) => Number(text.slice(0, 4)) >= EARLIEST_BIRTH_YEAR, {
    params: {
      text: {
        'zh-CN': `出生年份不能早于 ${EARLIEST_BIRTH_YEAR} 年`,
        en: `must not be before ${EARLIEST_BIRTH_YEAR}`,
      },
    },
  })
  .meta({ description: 'Date of birth, YYYY-MM-DD', example: '1950-03-14' });

function isRealCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const DisplayNameSchema = z.string().trim().min(1).max(30);

// ---------------------------------------------------------------- views

/** The signed-in user's own profile: everything we keep about them, phone in full. */
export const MeSchema = z
  .object({
    id: ObjectIdSchema,
    displayName: z.string(),
    realName: z.string().optional(),
    phone: z.string().optional(),
    birthDate: z.string().optional(),
    username: z.string().optional().meta({ description: 'Staff sign-in name; absent for residents' }),
    wechatLinked: z.boolean(),
    grants: z.array(RoleGrantSchema),
    homes: z.array(HomeSchema),
    tags: z.array(z.enum(RESIDENT_TAGS)),
    demo: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

/** Another person as someone else sees them: the phone is masked unless the viewer may see it. */
export const PersonSchema = z
  .object({
    id: ObjectIdSchema,
    displayName: z.string(),
    phone: z.string().optional().meta({ description: 'Full or masked (138****1234), per the viewer' }),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof PersonSchema>;

/** What every successful sign-in or refresh answers. */
export const SessionSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string().meta({ description: 'Single use: each refresh returns a new one' }),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires' }),
    user: MeSchema,
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof SessionSchema>;

export const WeChatSessionSchema = SessionSchema.extend({
  isNewUser: z.boolean().meta({ description: 'True when this sign-in created the account' }),
}).meta({ id: 'WeChatSession' });
export type WeChatSession = z.infer<typeof WeChatSessionSchema>;

export const ROLE_SUMMARY = ['resident', ...STAFF_ROLES] as const;

export const DemoAccountSchema = z
  .object({
    id: ObjectIdSchema,
    displayName: z.string(),
    roles: z.array(z.enum(ROLE_SUMMARY)).meta({ description: "Staff roles held, or ['resident']" }),
  })
  .meta({ id: 'DemoAccount' });
export const DemoAccountListSchema = z.object({ items: z.array(DemoAccountSchema) });
export type DemoAccount = z.infer<typeof DemoAccountSchema>;

export const StaffAccountSchema = z
  .object({
    id: ObjectIdSchema,
    username: z.string(),
    displayName: z.string(),
    grants: z.array(RoleGrantSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffAccount' });
export type StaffAccount = z.infer<typeof StaffAccountSchema>;
export const StaffAccountPageSchema = pageOf(StaffAccountSchema);

// ---------------------------------------------------------------- requests

export const StaffSignInBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const WeChatSignInBody = z.object({
  code: z.string().trim().min(1).max(128).meta({ description: 'From wx.login() in the mini-program' }),
});

export const DemoSignInBody = z.object({ userId: ObjectIdSchema });

export const RefreshTokenBody = z.object({ refreshToken: z.string().min(1).max(200) });

export const UpdateMeBody = z
  .strictObject({
    displayName: DisplayNameSchema.optional(),
    realName: z.string().trim().min(1).max(30).optional(),
    phone: PhoneSchema.optional(),
    birthDate: BirthDateSchema.optional(),
  })
  .meta({ id: 'UpdateMe' });
export type UpdateMe = z.infer<typeof UpdateMeBody>;

export const DeleteMeBody = z.object({
  confirm: z.literal('DELETE').meta({ description: 'Type DELETE to confirm: this cannot be undone' }),
});

/** Staff sign-in names: letters, digits, dot, dash, underscore; compared without case. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'username');

export const MIN_STAFF_PASSWORD_LENGTH = 10;

export const CreateStaffBody = z
  .object({
    username: UsernameSchema,
    password: z.string().min(MIN_STAFF_PASSWORD_LENGTH).max(200),
    displayName: DisplayNameSchema,
    grants: z.array(RoleGrantSchema).min(1).max(50),
  })
  .meta({ id: 'CreateStaff' });
export type CreateStaff = z.infer<typeof CreateStaffBody>;

export const UpdateGrantsBody = z
  .object({ grants: z.array(RoleGrantSchema).max(50) })
  .meta({ id: 'UpdateGrants' });
