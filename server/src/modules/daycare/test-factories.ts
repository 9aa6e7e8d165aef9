/**
 * Persisting factories for daycare tests: a centre serving a community with its operator and
 * committee, settings and classes saved over HTTP as the operator would; guardians (approved
 * residents) and their enquiries over HTTP; the consent a guardian gives. Not imported by app code.
 */
import request from 'supertest';
import { DAYCARE_CONSENT, type AgeBand, type CentreSettingsBody } from '@linli/shared';
import type { TestApi } from '../../test-support/api';
import type { Building, Community, Provider } from '../communities';
import { createCommunitiesService } from '../communities/service';
import { makeBuilding, makeCommunity, makeHousehold } from '../communities/test-factories';
import { makeResident, makeStaff, type Made } from '../identity/test-factories';
import { committeeOf, makeMember } from '../membership/test-factories';
import { tokenFor } from '../meals/test-factories';

const communities = createCommunitiesService();

export const as = async (api: TestApi, userId: string) => api.bearer(await tokenFor(api, userId));
export const CONSENT = { version: DAYCARE_CONSENT.version, agreed: true } as const;

export interface CentreWorld {
  community: Community;
  building: Building;
  centre: Provider;
  operator: Made;
  committee: Made;
  classes: Record<string, { id: string; capacity: number }>;
}

export const SETTINGS: CentreSettingsBody = {
  address: '幸福里 5 号楼底商',
  hours: { opens: '07:30', closes: '18:00' },
  inclusive: true,
  fees: {
    fullDay: { priceFen: 280000, subsidyFen: 80000 },
    halfDay: { priceFen: 160000, subsidyFen: 40000 },
    hourly: { priceFen: 4000, subsidyFen: 1000 },
  },
  ageRangeMonths: { min: 6, max: 36 },
  photoIds: [],
  offerExpiryDays: 7,
  priorityRules: ['siblingEnrolled', 'livesInCommunity'],
  description: '',
  replyTemplates: [{ title: '欢迎参观', text: '您好，欢迎来园参观，请在下方选择参观时段。' }],
};

/**
 * A community with a daycare centre (settings saved) and, unless told otherwise, three classes:
 * infant (capacity 10), toddler (15) and older toddler (20).
 */
export async function makeCentre(
  api: TestApi,
  options: {
    community?: Community;
    settings?: Partial<CentreSettingsBody>;
    classes?: { name: string; band: AgeBand; capacity: number }[];
  } = {},
): Promise<CentreWorld> {
  const community = options.community ?? (await makeCommunity());
  const building = options.community ? await makeBuilding(community) : await makeBuilding(community, '1号楼');
  const centre = await communities.createProvider({
    name: '幸福里托育园',
    kind: 'daycare',
    communityIds: [community.id],
  });
  const operator = await makeStaff(api, {
    grants: [{ role: 'operator', communityId: community.id, providerId: centre.id }],
  });
  const committee = await committeeOf(api, community);
  const auth = await as(api, operator.id);
  const saved = await request(api.url)
    .put(`/api/v1/daycare/centres/${centre.id}/settings`)
    .set(auth)
    .send({ ...SETTINGS, ...options.settings });
  if (saved.status !== 200) throw new Error(`settings failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const classes: CentreWorld['classes'] = {};
  for (const c of options.classes ?? [
    { name: '乳儿班', band: 'infant' as const, capacity: 10 },
    { name: '托小班', band: 'toddler' as const, capacity: 15 },
    { name: '托大班', band: 'olderToddler' as const, capacity: 20 },
  ]) {
    const res = await request(api.url).post(`/api/v1/daycare/centres/${centre.id}/classes`).set(auth).send(c);
    if (res.status !== 201) throw new Error(`class failed: ${res.status} ${JSON.stringify(res.body)}`);
    classes[c.band] = { id: res.body.id, capacity: c.capacity };
  }
  return { community, building, centre, operator, committee, classes };
}

/** An approved resident of the centre's community (a parent). */
export async function makeGuardian(api: TestApi, world: CentreWorld) {
  return makeMember(api, {
    community: world.community,
    household: await makeHousehold({ building: world.building }),
    // A fresh token: tests step the clock past the committee's sign-in.
    committee: { ...world.committee, accessToken: await tokenFor(api, world.committee.id) },
  });
}

/** Someone who lives elsewhere. */
export const makeOutsider = (api: TestApi) => makeResident(api);

export interface EnquiryInput {
  nickname?: string;
  birthMonth?: string;
  desiredStart?: string;
  schedule?: 'fullDay' | 'halfDay' | 'hourly';
  centreIds?: string[];
  forGuardianId?: string;
}

/** Sends an enquiry over HTTP; answers the first (or only) enquiry made. Default: a toddler in September 2031. */
export async function enquire(api: TestApi, world: CentreWorld, userId: string, input: EnquiryInput = {}) {
  const res = await request(api.url)
    .post('/api/v1/daycare/enquiries')
    .set(await as(api, userId))
    .send({
      child: { nickname: input.nickname ?? '豆豆', birthMonth: input.birthMonth ?? '2030-05' },
      desiredStart: input.desiredStart ?? '2031-09-01',
      schedule: input.schedule ?? 'fullDay',
      questions: '午睡怎么安排？',
      centreIds: input.centreIds ?? [world.centre.id],
      consent: CONSENT,
      ...(input.forGuardianId ? { forGuardianId: input.forGuardianId } : {}),
    });
  if (res.status !== 201) throw new Error(`enquiry failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items[0] as { id: string; status: string; classId: string; actions: string[] };
}

/** A future visit slot (default 2031-03-20 10:00, 5 places). */
export async function makeSlot(
  api: TestApi,
  world: CentreWorld,
  body: { date?: string; time?: string; places?: number } = {},
) {
  const res = await request(api.url)
    .post(`/api/v1/daycare/centres/${world.centre.id}/visit-slots`)
    .set(await as(api, world.operator.id))
    .send({ date: '2031-03-20', time: '10:00', places: 5, ...body });
  if (res.status !== 201) throw new Error(`slot failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; left: number };
}

/** POST an action on an enquiry as someone; the response for the test to check. */
export async function act(
  api: TestApi,
  userId: string,
  enquiryId: string,
  action: string,
  body: object = {},
) {
  return request(api.url)
    .post(`/api/v1/daycare/enquiries/${enquiryId}/${action}`)
    .set(await as(api, userId))
    .send(body);
}

/** Moves an enquiry to `visited` (reply, book a visit, the visit happens). */
export async function toVisited(
  api: TestApi,
  world: CentreWorld,
  guardianId: string,
  enquiryId: string,
  slotId: string,
) {
  const steps: [string, string, object][] = [
    [world.operator.id, 'reply', { text: '欢迎参观' }],
    [guardianId, 'visit', { slotId }],
  ];
  for (const [who, action, body] of steps) {
    const res = await act(api, who, enquiryId, action, body);
    if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
