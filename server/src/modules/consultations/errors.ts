/** The consultations module's own refusals, each with words a person can act on. */
import { ErrorCode, type LocalizedText } from '@linli/shared';
import { AppError } from '../../platform/errors';

export const NotEligible = (reason: LocalizedText) =>
  new AppError(ErrorCode.CONSULTATION_NOT_ELIGIBLE, `not eligible: ${reason.en}`, { params: { reason } });

export const AlreadyVoted = (reason: LocalizedText, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.CONSULTATION_ALREADY_VOTED, `already voted: ${reason.en}`, {
    params: { reason },
    details,
  });

export const VotingClosed = (reason: LocalizedText) =>
  new AppError(ErrorCode.CONSULTATION_VOTING_CLOSED, `voting not open: ${reason.en}`, { params: { reason } });
