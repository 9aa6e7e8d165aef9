/**
 * The app's API client instance: Taro.request as transport, tokens in Taro storage. When the
 * session ends (a refused refresh) the app goes back to the sign-in page.
 */
import Taro from '@tarojs/taro';
import { ApiClient, type Transport } from './api-client';
import { createTaroTokenStore } from './token-store';
import { notifySignedOut } from './session';

const taroTransport: Transport = async ({ url, method, data, header }) => {
  const response = await Taro.request({ url, method, data, header, dataType: 'json' });
  return { statusCode: response.statusCode, data: response.data };
};

export const api = new ApiClient({
  baseUrl: LINLI_API_BASE,
  transport: taroTransport,
  tokens: createTaroTokenStore(),
  onSignedOut: () => notifySignedOut(),
});
