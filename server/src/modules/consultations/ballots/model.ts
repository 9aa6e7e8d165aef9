/**
 * The roll of electors, frozen when voting opens, and the ballots. "No one votes twice" is the
 * unique index on (consultationId, voterKey): a unit for owners, a household, or a person. Two
 * taps, a paper slip and an online vote for the same unit, or 300 duplicates at once: the store
 * keeps the first and refuses the rest, with no check-then-insert window.
 */
import { VOTER_KINDS, type VoterKind } from '@linli/shared';
import mongoose, { Schema, type Types } from 'mongoose';

export interface ElectorDoc {
  _id: Types.ObjectId;
  consultationId: Types.ObjectId;
  /** `unit:<householdId>`, `household:<householdId>` or `user:<userId>`. */
  voterKey: string;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  buildingName: string;
  unit: string;
  /** The exclusive area as registered when voting opened (owners' decisions count it). */
  areaCenti: number;
  /** Headcount grouping (counting/electorate.ts); '' outside owners' decisions. */
  ownerKey: string;
  /** Who may cast this ballot online: the person, the household's members, or the unit's voter(s). */
  voterIds: Types.ObjectId[];
}

const electorSchema = new Schema<ElectorDoc>({
  consultationId: { type: Schema.Types.ObjectId, required: true },
  voterKey: { type: String, required: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  buildingId: { type: Schema.Types.ObjectId, required: true },
  buildingName: { type: String, required: true },
  unit: { type: String, required: true },
  areaCenti: { type: Number, required: true },
  ownerKey: { type: String, default: '' },
  voterIds: { type: [Schema.Types.ObjectId], default: [] },
});
electorSchema.index({ consultationId: 1, voterKey: 1 }, { unique: true, name: 'one_elector_per_key' });
electorSchema.index({ consultationId: 1, voterIds: 1 });
export const ElectorModel = mongoose.model<ElectorDoc>('ConsultationElector', electorSchema);

export interface BallotDoc {
  _id: Types.ObjectId;
  consultationId: Types.ObjectId;
  voterKey: string;
  householdId: Types.ObjectId;
  buildingId: Types.ObjectId;
  voterKind: VoterKind;
  /** Who pressed the button or typed the slip in (the voter, the carer, the committee member). */
  castBy: Types.ObjectId | null;
  /** Whose vote it is (the elder for a proxy ballot); absent for paper slips and erased voters. */
  voterId: Types.ObjectId | null;
  choices: string[];
  /** sha256 of the receipt code: the code itself is shown to the voter once and never kept. */
  receiptHash: string;
  /** sha256 of code and choices at casting: after close, proof the choices were not changed since. */
  seal: string;
  note?: string;
  castAt: Date;
}

const ballotSchema = new Schema<BallotDoc>({
  consultationId: { type: Schema.Types.ObjectId, required: true },
  voterKey: { type: String, required: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  buildingId: { type: Schema.Types.ObjectId, required: true },
  voterKind: { type: String, required: true, enum: VOTER_KINDS },
  castBy: { type: Schema.Types.ObjectId, default: null },
  voterId: { type: Schema.Types.ObjectId, default: null },
  choices: { type: [String], required: true },
  receiptHash: { type: String, required: true },
  seal: { type: String, required: true },
  note: String,
  castAt: { type: Date, required: true },
});
ballotSchema.index({ consultationId: 1, voterKey: 1 }, { unique: true, name: 'one_ballot_per_voter' });
ballotSchema.index({ receiptHash: 1 });
ballotSchema.index({ castBy: 1 });
ballotSchema.index({ voterId: 1 });
export const BallotModel = mongoose.model<BallotDoc>('ConsultationBallot', ballotSchema);

/**
 * What the household register does not say and an owners' decision needs: whether a unit is still
 * the developer's, and which co-owner was nominated to vote for it. Kept here, beside the vote,
 * keyed by household (the communities module owns the unit itself, its area included).
 */
export interface UnitOwnershipDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  householdId: Types.ObjectId;
  developerHeld: boolean;
  nominatedVoterId?: Types.ObjectId;
}

const unitOwnershipSchema = new Schema<UnitOwnershipDoc>({
  communityId: { type: Schema.Types.ObjectId, required: true, index: true },
  householdId: { type: Schema.Types.ObjectId, required: true, unique: true },
  developerHeld: { type: Boolean, required: true },
  nominatedVoterId: Schema.Types.ObjectId,
});
export const UnitOwnershipModel = mongoose.model<UnitOwnershipDoc>('UnitOwnership', unitOwnershipSchema);
