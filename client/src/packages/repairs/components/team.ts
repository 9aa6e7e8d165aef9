import type { Me } from '@linli/shared/identity-api';

export interface Team {
  communityId: string;
  providerId: string;
}

/**
 * The team a staff page works for: the one in the page's query when this person holds that grant,
 * else their first grant of `role` (most staff hold one).
 */
export function teamOf(
  user: Pick<Me, 'grants'> | null,
  role: 'operator' | 'technician',
  params: Partial<Team>,
): Team | null {
  const teams = (user?.grants ?? []).flatMap((g) =>
    g.role === role ? [{ communityId: g.communityId, providerId: g.providerId }] : [],
  );
  return (
    teams.find((g) => g.communityId === params.communityId && g.providerId === params.providerId) ??
    teams[0] ??
    null
  );
}
