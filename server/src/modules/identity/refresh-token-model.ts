/**
 * Refresh tokens, kept only as SHA-256 hashes. Every token descends from one sign-in: its family.
 * A token is used once (usedAt); presenting a used one means it was copied, so the whole family
 * is revoked (revokedAt) and whoever holds any of its tokens must sign in again.
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface RefreshTokenFields {
  user: Types.ObjectId;
  family: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt?: Date;
  revokedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const refreshTokenSchema = new Schema<RefreshTokenFields>(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    family: { type: String, required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    // Past its expiry a token (used or not) can no longer be presented successfully, so it is no
    // longer needed for reuse detection either: the store removes it.
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
    usedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { timestamps: true },
);

export const RefreshTokenModel = mongoose.model<RefreshTokenFields>('RefreshToken', refreshTokenSchema);
