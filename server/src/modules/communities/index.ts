/** The communities module: communities, buildings, households and service providers. */
import { communitiesRoutes } from './routes';
import { createCommunitiesService, type CommunitiesService } from './service';

export type { CommunitiesService, Community, Building, Household, Provider } from './service';
export { householdLabel } from './presenter';

export function createCommunitiesModule(): {
  service: CommunitiesService;
  api: ReturnType<typeof communitiesRoutes>;
} {
  const service = createCommunitiesService();
  return { service, api: communitiesRoutes(service) };
}
