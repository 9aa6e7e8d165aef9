/**
 * Demo daycare (托育): 幸福里普惠托育园, an inclusive centre with three classes (乳儿班, 托小班,
 * 托大班), visit slots over the coming week, its operator 托育 孙园长 (username `daycare`), and a
 * few enquiries in different states from two demo parents: new, replied with a message, a visit
 * booked, waitlisted. Seeded once (the centre's classes mark it); a later boot changes nothing.
 */
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/context';
import type { CommunitiesService } from '../communities';
import type { IdentityModule } from '../identity';
import type { CentreService, EnquiryService } from '../daycare';
import type { MembershipService } from '../membership';
import { DAYCARE_CONSENT } from '@linli/shared';

export interface DaycareSeedDeps {
  clock: Clock;
  communities: CommunitiesService;
  users: IdentityModule['users'];
  memberships: MembershipService;
  centres: CentreService;
  enquiries: EnquiryService;
}

const DAY = 24 * 3600_000;
const shanghaiDate = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const monthsBefore = (date: string, months: number) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

export async function seedDaycare(
  deps: DaycareSeedDeps,
  ids: { communityId: string; committeeId: string; password: string },
): Promise<void> {
  const { communities, users, memberships, centres, enquiries, clock } = deps;
  const providers = await communities.listProviders({ communityId: ids.communityId });
  const centre =
    providers.find((p) => p.kind === 'daycare') ??
    (await communities.createProvider({
      name: '幸福里普惠托育园',
      kind: 'daycare',
      communityIds: [ids.communityId],
    }));
  const operator =
    (await users.findByUsername('daycare')) ??
    (await users.createStaffUser({
      username: 'daycare',
      password: ids.password,
      displayName: '托育 孙园长',
      grants: [{ role: 'operator', communityId: ids.communityId, providerId: centre.id }],
      demo: true,
    }));
  if ((await centres.classes(centre.id)).length > 0) return;

  const operatorActor: Actor = {
    userId: operator.id,
    grants: [{ role: 'operator', communityId: ids.communityId, providerId: centre.id }],
    homes: [],
    tags: [],
  };
  await centres.saveSettings(operatorActor, centre.id, {
    address: '幸福路 88 号 2号楼底商',
    hours: { opens: '07:30', closes: '18:00' },
    inclusive: true,
    fees: {
      fullDay: { priceFen: 260000, subsidyFen: 80000 },
      halfDay: { priceFen: 150000, subsidyFen: 40000 },
      hourly: { priceFen: 3500, subsidyFen: 1000 },
    },
    ageRangeMonths: { min: 6, max: 36 },
    photoIds: [],
    offerExpiryDays: 7,
    priorityRules: ['siblingEnrolled', 'livesInCommunity'],
    description: '社区普惠托育点，步行 5 分钟可达；保育员持证上岗，提供午餐和午睡。',
    replyTemplates: [
      { title: '欢迎参观', text: '您好！欢迎来园参观，请在咨询里选择一个参观时段，我们当面聊。' },
      { title: '暂时满额', text: '您好，该班目前满额，我们已为您登记候补，有名额会第一时间通知您。' },
    ],
  });
  const infant = await centres.createClass(centre.id, { name: '乳儿班', band: 'infant', capacity: 8 });
  const toddler = await centres.createClass(centre.id, { name: '托小班', band: 'toddler', capacity: 15 });
  const older = await centres.createClass(centre.id, { name: '托大班', band: 'olderToddler', capacity: 20 });
  const today = shanghaiDate(clock.now());
  await centres.setEnrolled(infant, [monthsBefore(today, 8), monthsBefore(today, 10)]);
  await centres.setEnrolled(
    toddler,
    Array.from({ length: 15 }, (_, i) => monthsBefore(today, 13 + (i % 10))),
  );
  await centres.setEnrolled(
    older,
    Array.from({ length: 12 }, (_, i) => monthsBefore(today, 25 + (i % 10))),
  );
  const slots = [];
  for (const days of [2, 4, 6])
    slots.push(
      await centres.createSlot(centre.id, {
        date: shanghaiDate(new Date(clock.now().getTime() + days * DAY)),
        time: '10:00',
        durationMinutes: 60,
        places: 4,
      }),
    );

  // Two parents with homes in the community; each child's birth month makes a toddler at the start.
  const parent = async (displayName: string, building: string, unit: string) => {
    const user = await users.createResident({ displayName, demo: true });
    const home = await communities.findHouseholdByAddress(ids.communityId, building, unit);
    if (!home) throw new Error(`demo household ${building} ${unit} missing`);
    const m = await memberships.request(user.id, { householdId: home.id, relation: 'owner' });
    await memberships.decide(ids.committeeId, m.id, { status: 'approved' });
    const actor: Actor = { userId: user.id, grants: [], homes: await memberships.homesOf(user.id), tags: [] };
    return actor;
  };
  const chen = await parent('陈女士', '3号楼', '1-101');
  const zhou = await parent('周先生', '2号楼', '2-104');
  const start = `${shanghaiDate(new Date(clock.now().getTime() + 45 * DAY)).slice(0, 7)}-01`;
  const enquire = async (actor: Actor, nickname: string, monthsOld: number, questions: string) =>
    (
      await enquiries.create(actor, {
        child: { nickname, birthMonth: monthsBefore(start, monthsOld) },
        desiredStart: start,
        schedule: 'fullDay',
        questions,
        centreIds: [centre.id],
        consent: { version: DAYCARE_CONSENT.version, agreed: true },
      })
    )[0]!;
  const centreRoles = ['centre'] as const;
  await enquire(chen, '豆豆', 14, '孩子对牛奶过敏，午餐可以单独准备吗？');
  const replied = await enquire(chen, '米粒', 30, '');
  await enquiries.reply(operatorActor, replied, [...centreRoles], '您好！托大班还有名额，欢迎来园参观。');
  const visiting = await enquire(zhou, '乐乐', 16, '可以先半日托适应吗？');
  const visitReplied = await enquiries.reply(
    operatorActor,
    visiting,
    [...centreRoles],
    '可以的，欢迎先来参观。',
  );
  await enquiries.bookVisit(
    { userId: zhou.userId, grants: [], homes: zhou.homes, tags: [] },
    visitReplied,
    ['guardian'],
    String(slots[0]!._id),
  );
  const waiting = await enquire(zhou, '安安', 18, '');
  const waitReplied = await enquiries.reply(
    operatorActor,
    waiting,
    [...centreRoles],
    '托小班目前满额，已为您登记候补。',
  );
  await enquiries.waitlist(operatorActor, waitReplied, [...centreRoles]);
}
