/**
 * A small neighbourhood for notice tests: a community with two buildings, its committee, and
 * residents approved into each building; plus publishing over HTTP. Not imported by app code.
 */
import request from 'supertest';
import type { ResidentTag } from '@linli/shared';
import type { TestApi } from '../../test-support/api';
import type { Building, Community } from '../communities';
import { makeBuilding, makeCommunity, makeHousehold } from '../communities/test-factories';
import type { Made } from '../identity/test-factories';
import { committeeOf, makeMember } from '../membership/test-factories';

export interface Neighbourhood {
  community: Community;
  building1: Building;
  building2: Building;
  committee: Made;
  /** A resident of building 1 / 2 (approved, so the notice audience includes them). */
  resident(
    building: Building,
    options?: { tags?: ResidentTag[]; unit?: string },
  ): Promise<Made & { openid: string }>;
}

export async function makeNeighbourhood(api: TestApi): Promise<Neighbourhood> {
  const community = await makeCommunity();
  const building1 = await makeBuilding(community, '1号楼');
  const building2 = await makeBuilding(community, '2号楼');
  const committee = await committeeOf(api, community);
  return {
    community,
    building1,
    building2,
    committee,
    async resident(building, { tags, unit } = {}) {
      const household = await makeHousehold({ building, ...(unit ? { unit } : {}) });
      const member = await makeMember(api, { community, household, committee });
      if (tags) {
        const res = await request(api.url)
          .put(`/api/v1/residents/${member.id}/tags`)
          .set(api.bearer(committee.accessToken))
          .send({ communityId: community.id, tags });
        if (res.status !== 200) throw new Error(`tagging failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return member;
    },
  };
}

export interface NoticeInput {
  communityId: string;
  title?: string;
  body?: string;
  category?: 'emergency' | 'announcement' | 'activity';
  audience?:
    | { kind: 'community' }
    | { kind: 'buildings'; buildingIds: readonly string[] }
    | { kind: 'tag'; tag: ResidentTag };
  pinned?: boolean;
  expiresAt?: string;
}

/** POST /notices as `publisher`; returns the raw response (tests assert on its status). */
export function publish(api: TestApi, publisher: Made, input: NoticeInput) {
  return request(api.url)
    .post('/api/v1/notices')
    .set(api.bearer(publisher.accessToken))
    .send({
      title: '停水通知',
      body: '11月25日 9:00–12:00 因管道检修停水，请提前储水。',
      category: 'announcement',
      audience: { kind: 'community' },
      ...input,
    });
}

/** Publishes and fails the test unless it was accepted; returns the notice id. */
export async function published(api: TestApi, publisher: Made, input: NoticeInput): Promise<string> {
  const res = await publish(api, publisher, input);
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
