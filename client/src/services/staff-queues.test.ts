import type { Me } from '@linli/shared/identity-api';
import { ApiError } from './api-error';
import { staffQueues } from './staff-queues';

const get = jest.fn();
jest.mock('./api', () => ({ api: { get: (path: string) => get(path) } }));

const COMMUNITY = 'c'.repeat(24);
const CANTEEN = 'a'.repeat(24);
const CENTRE = 'b'.repeat(24);
const TEAM = 'd'.repeat(24);
const notFound = () => Promise.reject(new ApiError('not found', 404, 'NOT_FOUND'));

/** A small fake API: what each route answers for the providers above. */
function answer(path: string): Promise<unknown> {
  const url = new URL(path, 'http://x');
  const q = url.searchParams;
  if (url.pathname === '/api/v1/memberships')
    return Promise.resolve({ items: [], total: 3, page: 1, pageSize: 50 });
  if (url.pathname === `/api/v1/emergency/communities/${COMMUNITY}/alerts`)
    return Promise.resolve({
      emergency: [{ status: 'open' }, { status: 'acknowledged' }, { status: 'open' }, { status: 'closed' }],
      wellness: [],
    });
  const roster = url.pathname.match(/^\/api\/v1\/meals\/canteens\/(\w+)\/roster$/);
  if (roster)
    return roster[1] === CANTEEN
      ? Promise.resolve({ counts: { total: q.get('meal') === 'lunch' ? 12 : 5 } })
      : notFound();
  const centre = url.pathname.match(/^\/api\/v1\/daycare\/centres\/(\w+)$/);
  if (centre) return centre[1] === CENTRE ? Promise.resolve({}) : notFound();
  if (url.pathname === `/api/v1/daycare/centres/${CENTRE}/enquiries`)
    return Promise.resolve({ total: q.get('status') === 'new' ? 4 : 99 });
  if (url.pathname === '/api/v1/repairs/queue') {
    const byStatus: Record<string, number> = { submitted: 2, accepted: 1, reopened: 1 };
    return Promise.resolve({
      total: q.get('overdue') === 'true' ? 6 : (byStatus[q.get('status') ?? ''] ?? 50),
    });
  }
  return Promise.reject(new Error(`unexpected ${path}`));
}

const me = (grants: Me['grants']): Me =>
  ({ id: 'u', displayName: '张主任', grants, homes: [] }) as unknown as Me;

beforeEach(() => {
  get.mockReset();
  get.mockImplementation(answer);
});

describe('the staff queues on Home', () => {
  it('count what waits in each queue by the kind of provider a grant turns out to be', async () => {
    const queues = await staffQueues(
      me([
        { role: 'committee', communityId: COMMUNITY, duty: true },
        { role: 'operator', communityId: COMMUNITY, providerId: CANTEEN },
        { role: 'operator', communityId: COMMUNITY, providerId: CENTRE },
        { role: 'operator', communityId: COMMUNITY, providerId: TEAM },
      ]),
      '2026-12-07',
    );
    expect(queues.map((q) => [q.kind, q.count])).toEqual([
      ['approvals', 3],
      ['emergency', 2],
      ['canteenToday', 17],
      ['daycareNew', 4],
      ['repairsUnassigned', 4],
      ['repairsOverdue', 6],
    ]);
    expect(queues.find((q) => q.kind === 'canteenToday')?.url).toBe(
      `/packages/staff/pages/roster/index?providerId=${CANTEEN}&communityId=${COMMUNITY}`,
    );
    expect(get).toHaveBeenCalledWith(`/api/v1/meals/canteens/${CANTEEN}/roster?date=2026-12-07&meal=lunch`);
  });

  it('show emergency calls only to duty staff, and nothing to someone without grants', async () => {
    const queues = await staffQueues(me([{ role: 'committee', communityId: COMMUNITY }]), '2026-12-07');
    expect(queues.map((q) => q.kind)).toEqual(['approvals']);
    expect(await staffQueues(me([]), '2026-12-07')).toEqual([]);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('fail as a whole on an error other than "not this kind", rather than showing a wrong zero', async () => {
    get.mockImplementation((path: string) =>
      path.includes('/roster') ? Promise.reject(new ApiError('busy', 503)) : answer(path),
    );
    await expect(
      staffQueues(me([{ role: 'operator', communityId: COMMUNITY, providerId: CANTEEN }]), '2026-12-07'),
    ).rejects.toThrow('busy');
  });
});
