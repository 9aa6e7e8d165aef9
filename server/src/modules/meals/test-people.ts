/**
 * More persisting helpers for meals tests: a confirmed carer of an elder (asked and confirmed over
 * HTTP, as in real use), socket.io clients signed in as given people, and short request helpers.
 * Not imported by app code.
 */
import request from 'supertest';
import { connectClient, type TestClient } from '../../platform/realtime/testing';
import type { TestApi } from '../../test-support/api';
import { makeResident } from '../identity/test-factories';
import { tokenFor } from './test-factories';

export const as = async (api: TestApi, userId: string) => api.bearer(await tokenFor(api, userId));

/** A resident who asked to care for `elderId` and whom the elder confirmed. */
export async function makeCarer(api: TestApi, elderId: string) {
  const carer = await makeResident(api);
  const asked = await request(api.url)
    .post('/api/v1/carer-links')
    .set(await as(api, carer.id))
    .send({ elderUserId: elderId });
  if (asked.status !== 201)
    throw new Error(`carer link failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const confirmed = await request(api.url)
    .post(`/api/v1/carer-links/${asked.body.id}/confirm`)
    .set(await as(api, elderId));
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
  return { ...carer, linkId: asked.body.id as string };
}

/** Connected clients, one per user, each past its catch-up; close them with `closeAll`. */
export async function listen(api: TestApi, userIds: readonly string[]): Promise<TestClient[]> {
  return Promise.all(
    userIds.map(async (id) => {
      const client = await connectClient(api.url, { token: await tokenFor(api, id) });
      await client.caughtUp();
      return client;
    }),
  );
}

export const closeAll = (clients: readonly TestClient[]) => clients.forEach((c) => c.close());

/** Received events of one name, payloads only. */
export const eventsNamed = (client: TestClient, name: string) =>
  client.received.filter((r) => r.event === name).map((r) => r.payload);
