/**
 * The consent bookkeeping around one subscribe message, with stand-ins for the log collection, the
 * consent ledger and WeChat: what each outcome does to the person's consents and to the log.
 */
import type { Model } from 'mongoose';
import { ManualClock } from '../clock';
import { sendConsentedMessage, type ConsentLedger } from './consented-message';
import { WeChatApiError, WeChatErrcode, type WeChatClient } from './wechat-client';

function setUp({
  consents = 1,
  duplicate = false,
  wechatFails,
}: { consents?: number; duplicate?: boolean; wechatFails?: unknown } = {}) {
  const held = { n: consents, cleared: false };
  const ledger: ConsentLedger<'emergency'> = {
    take: async () => (held.n > 0 ? (held.n--, true) : false),
    giveBack: async () => void held.n++,
    clear: async () => {
      held.n = 0;
      held.cleared = true;
    },
  };
  const entries: Record<string, unknown>[] = [];
  const log = {
    create: async (doc: Record<string, unknown>) => {
      if (duplicate) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      entries.push({ ...doc });
    },
    updateOne: async (_key: unknown, update: { $set: Record<string, unknown> }) => {
      Object.assign(entries[entries.length - 1], update.$set);
    },
  } as unknown as Model<unknown>;
  const sent: unknown[] = [];
  const wechat = {
    sendSubscribeMessage: async (message: unknown) => {
      if (wechatFails) throw wechatFails;
      sent.push(message);
    },
  } as unknown as WeChatClient;
  const send = () =>
    sendConsentedMessage({
      consents: ledger,
      template: 'emergency',
      userId: 'u1',
      log,
      key: { alert: 'a1', user: 'u1' },
      wechat,
      message: { toOpenid: 'o1', templateId: 't1', page: 'p', data: {} },
      clock: new ManualClock(new Date('2031-03-03T00:00:00Z')),
    });
  return { held, entries, sent, send };
}

describe('a subscribe message paid with one consent', () => {
  it('spends the consent and logs it sent', async () => {
    const { held, entries, sent, send } = setUp();
    await expect(send()).resolves.toEqual({ outcome: 'sent' });
    expect(held.n).toBe(0);
    expect(sent).toHaveLength(1);
    expect(entries).toEqual([expect.objectContaining({ alert: 'a1', user: 'u1', outcome: 'sent' })]);
  });

  it('sends nothing without a consent', async () => {
    const { sent, entries, send } = setUp({ consents: 0 });
    await expect(send()).resolves.toEqual({ outcome: 'noConsent' });
    expect(sent).toHaveLength(0);
    expect(entries).toHaveLength(0);
  });

  it('sends nothing twice: a log entry already there gives the consent back', async () => {
    const { held, sent, send } = setUp({ duplicate: true });
    await expect(send()).resolves.toEqual({ outcome: 'alreadySent' });
    expect(sent).toHaveLength(0);
    expect(held.n).toBe(1);
  });

  it('gives the consent back when WeChat fails for another reason, and logs the errcode', async () => {
    const { held, entries, send } = setUp({
      wechatFails: new WeChatApiError('subscribeSend', 47003, 'bad data'),
    });
    await expect(send()).resolves.toMatchObject({ outcome: 'failed', errcode: 47003 });
    expect(held).toEqual({ n: 1, cleared: false });
    expect(entries[0]).toMatchObject({ outcome: 'failed', errcode: 47003 });
  });

  it('clears the consents when WeChat says the person refused (our count was wrong)', async () => {
    const { held, send } = setUp({
      consents: 3,
      wechatFails: new WeChatApiError(
        'subscribeSend',
        WeChatErrcode.UserRefused,
        'user refuse to accept the msg',
      ),
    });
    await expect(send()).resolves.toMatchObject({ outcome: 'failed', errcode: 43101 });
    expect(held).toEqual({ n: 0, cleared: true });
  });

  it('gives the consent back when the network fails (no errcode)', async () => {
    const { held, send } = setUp({ wechatFails: new Error('ECONNRESET') });
    await expect(send()).resolves.toMatchObject({ outcome: 'failed', errcode: undefined });
    expect(held.n).toBe(1);
  });
});
