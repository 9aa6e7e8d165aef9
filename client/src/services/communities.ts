import { z } from 'zod';
import { CommunityView } from '@linli/shared/communities';
import { api } from './api';

/** What GET /api/v1/communities answers to a signed-in user (no codes or addresses). */
const CommunityListSchema = z.object({
  items: z.array(CommunityView.pick({ id: true, name: true, district: true })),
});
export type CommunitySummary = z.infer<typeof CommunityListSchema>['items'][number];

/** Every community, by name: to choose the one you live in. */
export async function listCommunities(): Promise<CommunitySummary[]> {
  return (await api.get('/api/v1/communities', { schema: CommunityListSchema })).items;
}

/** communityId → name, for showing grants and homes by name. */
export async function listCommunityNames(): Promise<Record<string, string>> {
  const items = await listCommunities();
  return Object.fromEntries(items.map((community) => [community.id, community.name]));
}
