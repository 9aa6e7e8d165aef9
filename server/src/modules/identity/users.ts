/**
 * The user records and what other modules may do with them. Other modules never touch the model:
 * they get `IdentityUser` (a plain copy without secrets) through this service.
 */
import { type ResidentTag, type RoleGrant, type StaffRole, type UpdateMe } from '@linli/shared';
import { isValidObjectId, type Types } from 'mongoose';
import type { Clock } from '../../platform/clock';
import { findPage } from '../../platform/paging';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../platform/errors';
import { hashPassword } from './passwords';
import { isDuplicateKey, UserModel, type UserFields } from './user-model';
import { ErrorCode } from '@linli/shared';
import { shanghaiDate } from './dates';

/** A user as other modules see it: no password hash, no WeChat ids. */
export interface IdentityUser {
  id: string;
  displayName: string;
  realName?: string;
  phone?: string;
  birthDate?: string;
  username?: string;
  wechatLinked: boolean;
  grants: RoleGrant[];
  tags: ResidentTag[];
  demo: boolean;
  deleted: boolean;
  createdAt: Date;
}

export interface NewStaffUser {
  username: string;
  password: string;
  displayName: string;
  grants: RoleGrant[];
  demo?: boolean;
}

export interface NewResident {
  displayName: string;
  realName?: string;
  phone?: string;
  birthDate?: string;
  wechatOpenid?: string;
  demo?: boolean;
}

export interface UserService {
  /** Undefined when there is no such user; a deleted user is returned with `deleted: true`. */
  getUser(id: string): Promise<IdentityUser | undefined>;
  /** The users found, by id; unknown ids are simply absent. */
  getUsers(ids: readonly string[]): Promise<Map<string, IdentityUser>>;
  setTags(userId: string, tags: readonly ResidentTag[]): Promise<IdentityUser>;
  /** Throws USERNAME_TAKEN (409) when the name is in use. */
  createStaffUser(input: NewStaffUser): Promise<IdentityUser>;
  createResident(input: NewResident): Promise<IdentityUser>;
  findByUsername(username: string): Promise<IdentityUser | undefined>;
}

/** A user record as read: a mongoose document, or a lean one (what the hot paths read). */
type UserRecord = UserFields & { _id: Types.ObjectId };

export function toIdentityUser(doc: UserRecord): IdentityUser {
  return {
    id: doc._id.toHexString(),
    displayName: doc.displayName,
    ...(doc.realName ? { realName: doc.realName } : {}),
    ...(doc.phone ? { phone: doc.phone } : {}),
    ...(doc.birthDate ? { birthDate: doc.birthDate } : {}),
    ...(doc.username ? { username: doc.username } : {}),
    wechatLinked: Boolean(doc.wechat?.openid),
    // Lean records carry no schema defaults: a record older than a field lacks it.
    grants: (doc.grants ?? []).map(plainGrant),
    tags: [...(doc.tags ?? [])],
    demo: Boolean(doc.demo),
    deleted: Boolean(doc.deletedAt),
    createdAt: doc.createdAt,
  };
}

/** Mongoose subdocuments carry more than the grant; keep exactly the fields the role has. */
function plainGrant(grant: RoleGrant): RoleGrant {
  switch (grant.role) {
    case 'admin':
      return { role: 'admin' };
    case 'committee':
      // `duty` only when set, so a committee grant with and without `duty: false` are the same grant.
      return grant.duty
        ? { role: 'committee', communityId: grant.communityId, duty: true }
        : { role: 'committee', communityId: grant.communityId };
    default:
      return { role: grant.role, communityId: grant.communityId, providerId: grant.providerId };
  }
}

export const usernameTaken = (username: string) =>
  new AppError(ErrorCode.USERNAME_TAKEN, `username ${username} is taken`, {
    params: { username },
    details: { username },
  });

export function createUserService({ clock }: { clock: Clock }) {
  /** Lean, without the password hash: authentication calls this on every request. */
  async function findLive(id: string): Promise<UserRecord | null> {
    if (!isValidObjectId(id)) return null;
    return UserModel.findOne({ _id: id, deletedAt: null }, { passwordHash: 0 }).lean<UserRecord>();
  }

  /** Birth dates come from the schema well-formed; only "not in the future" needs the clock. */
  function checkBirthDate(birthDate: string | undefined) {
    if (birthDate && birthDate > shanghaiDate(clock.now())) {
      throw ValidationFailed([
        {
          location: 'body',
          path: 'birthDate',
          reason: 'custom',
          params: { text: { 'zh-CN': '不能晚于今天', en: 'cannot be in the future' } },
        },
      ]);
    }
  }

  const service: UserService = {
    async getUser(id) {
      if (!isValidObjectId(id)) return undefined;
      const doc = await UserModel.findById(id, { passwordHash: 0 }).lean<UserRecord>();
      return doc ? toIdentityUser(doc) : undefined;
    },

    async getUsers(ids) {
      const valid = [...new Set(ids)].filter((id) => isValidObjectId(id));
      const docs = valid.length
        ? await UserModel.find({ _id: { $in: valid } }, { passwordHash: 0 }).lean<UserRecord[]>()
        : [];
      return new Map(docs.map((doc) => [doc._id.toHexString(), toIdentityUser(doc)]));
    },

    async setTags(userId, tags) {
      if (!isValidObjectId(userId)) throw NotFound('user');
      const doc = await UserModel.findOneAndUpdate(
        { _id: userId, deletedAt: null },
        { $set: { tags: [...new Set(tags)] } },
        { returnDocument: 'after' },
      );
      if (!doc) throw NotFound('user');
      return toIdentityUser(doc);
    },

    async createStaffUser({ username, password, displayName, grants, demo = false }) {
      const name = username.trim().toLowerCase();
      const passwordHash = await hashPassword(password);
      try {
        const doc = await UserModel.create({
          username: name,
          passwordHash,
          displayName,
          grants: uniqueGrants(grants),
          demo,
        });
        return toIdentityUser(doc);
      } catch (err) {
        if (isDuplicateKey(err, 'username')) throw usernameTaken(name);
        throw err;
      }
    },

    async createResident({ wechatOpenid, demo = false, ...profile }) {
      checkBirthDate(profile.birthDate);
      const doc = await UserModel.create({
        ...profile,
        ...(wechatOpenid ? { wechat: { openid: wechatOpenid } } : {}),
        demo,
      });
      return toIdentityUser(doc);
    },

    async findByUsername(username) {
      const doc = await UserModel.findOne({ username: username.trim().toLowerCase(), deletedAt: null });
      return doc ? toIdentityUser(doc) : undefined;
    },
  };

  return {
    ...service,
    findLive,

    /**
     * WeChat openids of live users, by user id (users without one are absent). Server-side only:
     * for sending subscribe messages; never put them in a response.
     */
    async wechatOpenidsOf(ids: readonly string[]): Promise<Map<string, string>> {
      const valid = [...new Set(ids)].filter((id) => isValidObjectId(id));
      if (valid.length === 0) return new Map();
      const docs = await UserModel.find(
        { _id: { $in: valid }, deletedAt: null, 'wechat.openid': { $exists: true } },
        { wechat: 1 },
      ).lean<{ _id: Types.ObjectId; wechat?: { openid?: string } }[]>();
      return new Map(
        docs.flatMap((doc) =>
          doc.wechat?.openid ? [[doc._id.toHexString(), doc.wechat.openid] as const] : [],
        ),
      );
    },

    /**
     * Live users holding `role` in `communityId` (e.g. its committee), for telling them of
     * something that concerns the community as a whole.
     */
    async staffIdsWithRole(role: Exclude<StaffRole, 'admin'>, communityId: string): Promise<string[]> {
      const docs = await UserModel.find(
        { grants: { $elemMatch: { role, communityId } }, deletedAt: null },
        { _id: 1 },
      ).lean<{ _id: Types.ObjectId }[]>();
      return docs.map((doc) => doc._id.toHexString());
    },

    /** The committee members of a community on its emergency duty roster. */
    async dutyStaffIds(communityId: string): Promise<string[]> {
      const docs = await UserModel.find(
        { grants: { $elemMatch: { role: 'committee', communityId, duty: true } }, deletedAt: null },
        { _id: 1 },
      ).lean<{ _id: Types.ObjectId }[]>();
      return docs.map((doc) => doc._id.toHexString());
    },

    /** Everyone holding a committee grant in a community, with their duty flag, oldest first. */
    async committeeOf(communityId: string): Promise<{ user: IdentityUser; onDuty: boolean }[]> {
      const docs = await UserModel.find({
        grants: { $elemMatch: { role: 'committee', communityId } },
        deletedAt: null,
      }).sort({ _id: 1 });
      return docs.map((doc) => {
        const user = toIdentityUser(doc);
        const onDuty = user.grants.some(
          (g) => g.role === 'committee' && g.communityId === communityId && g.duty === true,
        );
        return { user, onDuty };
      });
    },

    /**
     * Puts a committee member of a community on its duty roster or takes them off. Only the grants
     * array changes, and only if nobody changed it since it was read (a concurrent admin edit of the
     * grants is not overwritten: the caller is asked to try again). Undefined when the user holds
     * no committee grant in that community.
     */
    async setDuty(
      userId: string,
      communityId: string,
      onDuty: boolean,
    ): Promise<{ user: IdentityUser; wasOnDuty: boolean } | undefined> {
      if (!isValidObjectId(userId)) return undefined;
      const doc = await UserModel.findOne({ _id: userId, deletedAt: null });
      if (!doc) return undefined;
      const grants = (doc.grants ?? []).map(plainGrant);
      const current = grants.find((g) => g.role === 'committee' && g.communityId === communityId);
      if (!current || current.role !== 'committee') return undefined;
      const next = grants.map((g) =>
        g.role === 'committee' && g.communityId === communityId ? plainGrant({ ...g, duty: onDuty }) : g,
      );
      const updated = await UserModel.findOneAndUpdate(
        { _id: doc._id, updatedAt: doc.updatedAt },
        { $set: { grants: next } },
        { returnDocument: 'after' },
      );
      if (!updated)
        throw Conflict({
          'zh-CN': '此人的权限刚被修改，请刷新后重试',
          en: "this person's rights were just changed; refresh and try again",
        });
      return { user: toIdentityUser(updated), wasOnDuty: current.duty === true };
    },

    async updateProfile(userId: string, changes: UpdateMe): Promise<IdentityUser> {
      checkBirthDate(changes.birthDate);
      const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const doc = await UserModel.findOneAndUpdate(
        { _id: userId, deletedAt: null },
        { $set: set },
        { returnDocument: 'after' },
      );
      if (!doc) throw NotFound('user');
      return toIdentityUser(doc);
    },

    /** Staff accounts (those with a username), oldest first. */
    async listStaff(page: number, pageSize: number): Promise<{ items: IdentityUser[]; total: number }> {
      const filter = { username: { $exists: true }, deletedAt: null };
      const found = await findPage<UserRecord>(
        UserModel,
        filter,
        { createdAt: 1, _id: 1 },
        { page, pageSize },
      );
      return { items: found.items.map(toIdentityUser), total: found.total };
    },

    async setGrants(userId: string, grants: readonly RoleGrant[]): Promise<IdentityUser> {
      if (!isValidObjectId(userId)) throw NotFound('user');
      const doc = await UserModel.findOneAndUpdate(
        { _id: userId, deletedAt: null },
        { $set: { grants: uniqueGrants(grants) } },
        { returnDocument: 'after' },
      );
      if (!doc) throw NotFound('user');
      return toIdentityUser(doc);
    },
  };
}

function uniqueGrants(grants: readonly RoleGrant[]): RoleGrant[] {
  const seen = new Map(grants.map((grant) => [JSON.stringify(plainGrant(grant)), plainGrant(grant)]));
  return [...seen.values()];
}

export type UserStore = ReturnType<typeof createUserService>;
