import { z } from 'zod';
import { CommunityView } from '@linli/shared/communities';
import { api } from './api';

/** What GET /api/v1/communities answers to a signed-in user (no codes or addresses). */
const CommunityListSchema = z.object({
  items: z.array(CommunityView.pick({ id: true, name: true, district: true })),
});

/** communityId → name, for showing grants and homes by name. */
export async function listCommunityNames(): Promise<Record<string, string>> {
  const { items } = await api.get('/api/v1/communities', { schema: CommunityListSchema });
  return Object.fromEntries(items.map((community) => [community.id, community.name]));
}
