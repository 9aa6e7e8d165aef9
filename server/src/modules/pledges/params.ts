/** Path parameters of the pledges routes, named once. */
import { ObjectIdSchema } from '@linli/shared';
import { z } from 'zod';

export const ProjectParams = z.object({ projectId: ObjectIdSchema });
export const PledgeParams = z.object({ pledgeId: ObjectIdSchema });
export const NeedParams = z.object({ projectId: ObjectIdSchema, needId: ObjectIdSchema });
export const CommunityParams = z.object({ communityId: ObjectIdSchema });
export const RewardParams = z.object({ rewardId: ObjectIdSchema });
export const RedemptionParams = z.object({ redemptionId: ObjectIdSchema });
export const VersionParams = z.object({ versionId: ObjectIdSchema });
