/**
 * A person who signs in: a resident (through WeChat) or staff (username and password), or both.
 * Being a resident of a household is the membership module's record, not a field here.
 */
import { RESIDENT_TAGS, STAFF_ROLES, type ResidentTag, type RoleGrant } from '@linli/shared';
import mongoose, { Schema, type HydratedDocument, type Types } from 'mongoose';

export interface UserFields {
  displayName: string;
  realName?: string;
  phone?: string;
  /** A calendar date, 'YYYY-MM-DD': ages are computed on a date in Asia/Shanghai, not from an instant. */
  birthDate?: string;
  wechat?: { openid?: string; unionid?: string };
  /** Staff sign-in name, stored lowercase. */
  username?: string;
  /** argon2id; never leaves the server (toJSON drops it, presenters never read it). */
  passwordHash?: string;
  grants: RoleGrant[];
  tags: ResidentTag[];
  /** A seeded demo account anyone may sign in as when demo mode is on. */
  demo: boolean;
  /** Set when the person deleted their account; personal fields are erased at the same moment. */
  deletedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<UserFields> & { _id: Types.ObjectId };

const grantSchema = new Schema<RoleGrant>(
  {
    role: { type: String, enum: STAFF_ROLES, required: true },
    communityId: { type: String },
    providerId: { type: String },
    /** Committee only: on the community's emergency duty roster. */
    duty: { type: Boolean },
  },
  { _id: false },
);

const userSchema = new Schema<UserFields>(
  {
    displayName: { type: String, required: true, trim: true },
    realName: { type: String, trim: true },
    phone: { type: String },
    birthDate: { type: String },
    wechat: {
      openid: { type: String },
      unionid: { type: String },
    },
    username: { type: String, lowercase: true, trim: true },
    passwordHash: { type: String },
    grants: { type: [grantSchema], default: [] },
    tags: { type: [String], enum: RESIDENT_TAGS, default: [] },
    demo: { type: Boolean, default: false },
    deletedAt: { type: Date },
  },
  {
    timestamps: true,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        delete ret.passwordHash;
        return ret;
      },
    },
  },
);

// "One account per WeChat user / per staff name." Sparse: residents have no username, staff may
// have no WeChat, and a deleted account has neither, so the same WeChat user can start afresh.
userSchema.index({ 'wechat.openid': 1 }, { unique: true, sparse: true });
userSchema.index({ 'wechat.unionid': 1 }, { unique: true, sparse: true });
userSchema.index({ username: 1 }, { unique: true, sparse: true });
userSchema.index({ demo: 1 });
// "Who is on this community's committee": asked for every wellness alert and household request.
userSchema.index({ 'grants.communityId': 1, 'grants.role': 1 }, { name: 'staff_by_community_role' });

export const UserModel = mongoose.model<UserFields>('User', userSchema);

export { isDuplicateKey } from '../../platform/database-errors';
