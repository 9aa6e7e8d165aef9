/**
 * Who may do what with pledges, points and the convention, tried over HTTP by everyone who should
 * not: a resident of another community, the committee of another community, a resident of this
 * community where only staff may act, and an operator of this community.
 */
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeStaff } from '../identity/test-factories';
import { call, makeProject, makeResidentIn, makeWorld, needOf, type PledgeWorld } from './test-factories';

let api: TestApi;
let home: PledgeWorld;
let away: PledgeWorld;
let ids: Record<string, string>;
let people: Record<string, string>;

beforeAll(async () => {
  api = await startTestApi();
  home = await makeWorld(api);
  away = await makeWorld(api);
  const project = await makeProject(api, home, { thresholds: {} });
  const resident = await makeResidentIn(api, home);
  const outsider = await makeResidentIn(api, away);
  const operator = await makeStaff(api, {
    grants: [{ role: 'operator', communityId: home.community.id, providerId: '665f1c2ab7e4a1d2c3b4a5f6' }],
  });
  const pledge = await call(api, resident.id, 'post', `/pledges/projects/${project.id}/pledges`, {
    needId: needOf(project, 'goods'),
    quantity: 2,
  });
  await call(api, home.committee.id, 'post', `/points/communities/${home.community.id}/corrections`, {
    userId: resident.id,
    points: 50,
    reason: '发放',
  });
  const reward = await call(
    api,
    home.committee.id,
    'post',
    `/points/communities/${home.community.id}/rewards`,
    { name: '餐券', costPoints: 10, stock: 5 },
  );
  const order = await call(api, resident.id, 'post', `/points/rewards/${reward.body.id}/redeem`);
  const version = await call(
    api,
    home.committee.id,
    'post',
    `/convention/communities/${home.community.id}/versions`,
    { text: '公约', effectiveDate: '2031-04-01' },
  );
  ids = {
    project: project.id,
    goods: needOf(project, 'goods'),
    labour: needOf(project, 'labour'),
    pledge: pledge.body.id,
    reward: reward.body.id,
    order: order.body.id,
    version: version.body.id,
    community: home.community.id,
    household: resident.household.id,
  };
  people = {
    resident: resident.id,
    outsider: outsider.id,
    otherCommittee: away.committee.id,
    operator: operator.id,
  };
}, 60_000);
afterAll(() => api.stop());

type Case = [
  who: string,
  method: 'get' | 'post' | 'put',
  path: () => string,
  body: () => unknown,
  status: number,
];
const body = {
  project: () => ({
    communityId: ids.community,
    title: '冒名项目',
    description: '不应出现',
    needs: [{ kind: 'goods', label: '土', quantity: 1 }],
    deadline: '2031-03-10T02:00:00Z',
  }),
  pledge: () => ({ needId: ids.goods, quantity: 1 }),
  paper: () => ({ needId: ids.goods, householdId: ids.household, name: '某人' }),
};

describe.each<Case>([
  // residents pledge only in their community's projects
  ['outsider', 'get', () => `/pledges/projects/${ids.project}`, () => undefined, 404],
  ['outsider', 'post', () => `/pledges/projects/${ids.project}/pledges`, body.pledge, 404],
  ['operator', 'post', () => `/pledges/projects/${ids.project}/pledges`, body.pledge, 404],
  ['outsider', 'post', () => `/pledges/pledges/${ids.pledge}/withdraw`, () => undefined, 404],
  ['outsider', 'post', () => `/points/rewards/${ids.reward}/redeem`, () => undefined, 404],
  ['outsider', 'post', () => `/convention/versions/${ids.version}/sign`, () => undefined, 404],
  ['outsider', 'get', () => `/convention/communities/${ids.community}`, () => undefined, 404],
  // the committee of another community sees nothing
  ['otherCommittee', 'get', () => `/pledges/projects/${ids.project}`, () => undefined, 404],
  ['otherCommittee', 'get', () => `/pledges/projects/${ids.project}/pledges`, () => undefined, 404],
  ['otherCommittee', 'post', () => '/pledges/projects', body.project, 403],
  [
    'otherCommittee',
    'put',
    () => `/pledges/projects/${ids.project}`,
    () => ({ ...body.project(), communityId: undefined }),
    404,
  ],
  [
    'otherCommittee',
    'post',
    () => `/pledges/projects/${ids.project}/cancel`,
    () => ({ reason: '越权' }),
    404,
  ],
  ['otherCommittee', 'post', () => `/pledges/projects/${ids.project}/paper-pledges`, body.paper, 404],
  ['otherCommittee', 'post', () => `/pledges/pledges/${ids.pledge}/confirm`, () => ({}), 404],
  [
    'otherCommittee',
    'get',
    () => `/pledges/projects/${ids.project}/needs/${ids.labour}/codes`,
    () => undefined,
    404,
  ],
  ['otherCommittee', 'get', () => `/points/communities/${ids.community}/redemptions`, () => undefined, 404],
  ['otherCommittee', 'post', () => `/points/redemptions/${ids.order}/confirm`, () => undefined, 404],
  ['otherCommittee', 'post', () => `/points/redemptions/${ids.order}/refuse`, () => ({ reason: 'x' }), 404],
  [
    'otherCommittee',
    'post',
    () => `/points/communities/${ids.community}/corrections`,
    () => ({ userId: people.resident, points: 5, reason: 'x' }),
    404,
  ],
  ['otherCommittee', 'get', () => `/points/communities/${ids.community}/rewards`, () => undefined, 404],
  ['otherCommittee', 'get', () => `/convention/versions/${ids.version}/signatures`, () => undefined, 404],
  ['otherCommittee', 'get', () => `/convention/versions/${ids.version}/map`, () => undefined, 404],
  [
    'otherCommittee',
    'post',
    () => `/convention/communities/${ids.community}/versions`,
    () => ({ text: 'x', effectiveDate: '2031-04-01' }),
    404,
  ],
  // only staff confirm fulfilment and redemptions (and run the rest of the committee's work)
  ['resident', 'post', () => `/pledges/pledges/${ids.pledge}/confirm`, () => ({}), 403],
  ['resident', 'post', () => `/pledges/pledges/${ids.pledge}/check-in`, () => undefined, 403],
  ['resident', 'post', () => `/points/redemptions/${ids.order}/confirm`, () => undefined, 403],
  ['resident', 'post', () => `/points/redemptions/${ids.order}/refuse`, () => ({ reason: 'x' }), 403],
  ['resident', 'post', () => `/pledges/projects/${ids.project}/paper-pledges`, body.paper, 403],
  ['resident', 'post', () => '/pledges/projects', body.project, 403],
  [
    'resident',
    'post',
    () => `/points/communities/${ids.community}/corrections`,
    () => ({ userId: people.resident, points: 500, reason: 'x' }),
    403,
  ],
  ['operator', 'post', () => `/pledges/pledges/${ids.pledge}/confirm`, () => ({}), 403],
  ['operator', 'post', () => `/points/redemptions/${ids.order}/confirm`, () => undefined, 403],
])('%s %s %s', (who, method, path, makeBody, status) => {
  it(`is refused with ${status}, and nothing changes`, async () => {
    const res = await call(api, people[who], method, path(), makeBody());
    expect(res.status).toBe(status);
    const [order, pledge] = await Promise.all([
      call(api, home.committee.id, 'get', `/points/communities/${ids.community}/redemptions`),
      call(api, home.committee.id, 'get', `/pledges/projects/${ids.project}/pledges`),
    ]);
    expect(order.body.items.map((o: { status: string }) => o.status)).toEqual(['pending']);
    expect(
      pledge.body.items.map((p: { status: string; quantity: number }) => [p.status, p.quantity]),
    ).toEqual([['pledged', 2]]);
  });
});

it('lets the community committee do what the others could not', async () => {
  const confirmed = await call(api, home.committee.id, 'post', `/pledges/pledges/${ids.pledge}/confirm`, {});
  expect(confirmed.status).toBe(200);
  expect(
    (await call(api, home.committee.id, 'post', `/points/redemptions/${ids.order}/confirm`)).status,
  ).toBe(200);
});
