import Taro from '@tarojs/taro';
import { api } from './api';
import { askConsent } from './subscriptions';

const mocked = Taro as unknown as { requestSubscribeMessage: jest.Mock; request: jest.Mock };
const offered = [{ template: 'notice' as const, templateId: 'tpl-notice', credits: 0 }];

/** The server as Taro.request sees it: records each consent, answers the credits. */
function fakeServer() {
  const sent: unknown[] = [];
  mocked.request.mockImplementation(async ({ url, data }: { url: string; data: { accepted: boolean } }) => {
    expect(url).toBe('/api/v1/notifications/subscriptions');
    sent.push(data);
    return { statusCode: 200, data: { template: 'notice', credits: data.accepted ? 1 : 0 } };
  });
  return sent;
}

beforeEach(() => {
  mocked.request.mockReset();
  mocked.requestSubscribeMessage.mockReset();
  api.startSession({ accessToken: 'a', refreshToken: 'r' });
});

describe('subscribe-message consent', () => {
  it('asks WeChat for the template the server sends with, and records an "allow"', async () => {
    const sent = fakeServer();
    mocked.requestSubscribeMessage.mockResolvedValue({
      errMsg: 'requestSubscribeMessage:ok',
      'tpl-notice': 'accept',
    });
    await expect(askConsent(offered)).resolves.toEqual([{ template: 'notice', accepted: true, credits: 1 }]);
    expect(mocked.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tpl-notice'] });
    expect(sent).toEqual([{ template: 'notice', accepted: true }]);
  });

  it.each(['reject', 'ban', 'filter'])('records "%s" as a no', async (answer) => {
    const sent = fakeServer();
    mocked.requestSubscribeMessage.mockResolvedValue({ 'tpl-notice': answer });
    await expect(askConsent(offered)).resolves.toEqual([{ template: 'notice', accepted: false, credits: 0 }]);
    expect(sent).toEqual([{ template: 'notice', accepted: false }]);
  });

  it('asks nothing when the server offers no template', async () => {
    await expect(askConsent([])).resolves.toEqual([]);
    expect(mocked.requestSubscribeMessage).not.toHaveBeenCalled();
  });
});
