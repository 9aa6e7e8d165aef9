/**
 * One WeChat subscribe message paid for with one of the person's consents, sent at most once.
 * The order matters and is the same wherever a module sends such a message (notices, wellness
 * alerts, emergency calls):
 *   1. take a consent (none left → nothing is sent);
 *   2. write the log entry, whose unique key (this message, this person) makes a replayed event or
 *      a second instance stop here; the consent is given back, as nothing was sent;
 *   3. send; the entry becomes 'sent', or 'failed' with WeChat's errcode. 43101 (the person refused)
 *      means our count of consents was wrong, so they are cleared; any other failure gives the
 *      consent back for the next message.
 * Modules keep their own log collections (their keys differ); they pass the model and the key.
 */
import type { Model } from 'mongoose';
import type { Clock } from '../clock';
import { isDuplicateKey } from '../database-errors';
import { WeChatApiError, WeChatErrcode, type SubscribeMessage, type WeChatClient } from './wechat-client';

/** The consents a person granted per template (the notices module's subscription service). */
export interface ConsentLedger<Template extends string> {
  take(userId: string, template: Template): Promise<boolean>;
  giveBack(userId: string, template: Template): Promise<void>;
  clear(userId: string, template: Template): Promise<void>;
}

export type ConsentedOutcome =
  | { outcome: 'sent' }
  | { outcome: 'noConsent' }
  | { outcome: 'alreadySent' }
  | { outcome: 'failed'; err: unknown; errcode: number | undefined };

export async function sendConsentedMessage<Template extends string>(options: {
  consents: ConsentLedger<Template>;
  template: Template;
  userId: string;
  /** The module's message log; `key` is its unique key for this message and person. */
  // The log's own fields differ per module; only outcome, errcode and at are written here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  log: Model<any>;
  key: Record<string, unknown>;
  wechat: WeChatClient;
  message: SubscribeMessage;
  clock: Clock;
}): Promise<ConsentedOutcome> {
  const { consents, template, userId, log, key, clock } = options;
  if (!(await consents.take(userId, template))) return { outcome: 'noConsent' };
  try {
    await log.create({ ...key, outcome: 'sending', at: clock.now() });
  } catch (err) {
    await consents.giveBack(userId, template);
    if (isDuplicateKey(err)) return { outcome: 'alreadySent' };
    throw err;
  }
  try {
    await options.wechat.sendSubscribeMessage(options.message);
    await log.updateOne(key, { $set: { outcome: 'sent', at: clock.now() } });
    return { outcome: 'sent' };
  } catch (err) {
    const errcode = err instanceof WeChatApiError ? err.errcode : undefined;
    await log.updateOne(key, { $set: { outcome: 'failed', errcode, at: clock.now() } });
    if (errcode === WeChatErrcode.UserRefused) await consents.clear(userId, template);
    else await consents.giveBack(userId, template);
    return { outcome: 'failed', err, errcode };
  }
}
