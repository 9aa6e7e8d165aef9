/**
 * A carer for an elder, linked over HTTP as in real use: the carer asks, the elder confirms.
 * Not imported by app code.
 */
import request from 'supertest';
import type { TestApi } from '../../test-support/api';
import { makeResident, type Made } from '../identity/test-factories';
import { tokenFor } from './test-factories';

export async function makeCarer(api: TestApi, elder: { id: string }): Promise<Made & { openid: string }> {
  const carer = await makeResident(api, { displayName: '王建国' });
  const asked = await request(api.url)
    .post('/api/v1/carer-links')
    .set(api.bearer(await tokenFor(api, carer.id)))
    .send({ elderUserId: elder.id });
  if (asked.status !== 201)
    throw new Error(`carer link failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const confirmed = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(api.bearer(await tokenFor(api, elder.id)));
  if (confirmed.status !== 200)
    throw new Error(`carer confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return carer;
}
