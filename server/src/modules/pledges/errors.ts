/** This module's refusals, each with words a person can act on. */
import { ErrorCode, type LocalizedText } from '@linli/shared';
import { AppError, Conflict } from '../../platform/errors';

export const NeedFull = (need: string, remaining: number, unit = '') =>
  new AppError(ErrorCode.PLEDGE_NEED_FULL, `need ${need} has ${remaining} left`, {
    params: { need, remaining: `${remaining}${unit}` },
    details: { remaining },
  });

export const PointsInsufficient = (needed: number, balance: number) =>
  new AppError(ErrorCode.POINTS_INSUFFICIENT, `needs ${needed} points, balance ${balance}`, {
    params: { needed, balance },
    details: { needed, balance },
  });

export const OutOfStock = (reward: string) =>
  new AppError(ErrorCode.REWARD_OUT_OF_STOCK, `reward ${reward} out of stock`, { params: { reward } });

export const PledgingClosed = () =>
  Conflict({
    'zh-CN': '该项目现在不接受认领（未开放、已截止或已结束）',
    en: 'this project is not taking pledges now (not open, past its deadline, or ended)',
  });

export const AlreadyPledged = () =>
  Conflict({
    'zh-CN': '你已认领过这项需求；如需修改，请先撤回原认领',
    en: 'you have already pledged to this need; withdraw that pledge first to change it',
  });

export const conflict = (text: LocalizedText, details?: Record<string, unknown>) => Conflict(text, details);
