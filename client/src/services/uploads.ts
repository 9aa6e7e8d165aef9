/**
 * Photos for any service's record (a repair report, a comment on a consultation, a project's
 * pictures): a picked file goes to POST /api/v1/uploads and its id goes into the record's body,
 * where the module attaches it. Shapes as the server's uploads answer them.
 */
import Taro from '@tarojs/taro';
import { z } from 'zod';
import { t } from '../i18n';
import { api } from './api';
import { ApiError, errorFromResponse, networkError } from './api-error';

const UploadAnswer = z.object({ id: z.string(), width: z.number(), height: z.number() });

/**
 * Sends a photo the person picked (a local file path from chooseImage) to POST /api/v1/uploads and
 * answers its id. The upload goes through Taro.uploadFile (multipart), so it carries the token
 * itself; a refused token is refreshed once, as the API client does.
 */
export async function uploadPhoto(filePath: string): Promise<string> {
  const send = async (token: string | undefined) => {
    try {
      return await Taro.uploadFile({
        url: `${LINLI_API_BASE}/api/v1/uploads`,
        filePath,
        name: 'file',
        header: token ? { Authorization: `Bearer ${token}` } : {},
      });
    } catch {
      throw networkError();
    }
  };
  const stored = api.tokens.get();
  let response = await send(stored?.accessToken);
  if (response.statusCode === 401 && stored) {
    const fresh = await api.refreshFor(stored.accessToken);
    if (fresh) response = await send(fresh.accessToken);
  }
  let body: unknown = response.data;
  try {
    if (typeof body === 'string') body = JSON.parse(body);
  } catch {
    // not JSON: the status decides below
  }
  if (response.statusCode !== 201) throw errorFromResponse(response.statusCode, body);
  const parsed = UploadAnswer.safeParse(body);
  if (!parsed.success) throw new ApiError(t('errorUnknown', { status: response.statusCode }), 201);
  return parsed.data.id;
}
