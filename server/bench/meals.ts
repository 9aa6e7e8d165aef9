/**
 * Senior meals under load, the whole stack against the embedded store running as its own process
 * (as `npm run db` runs it): the real server (`start()`, production settings, logs to /dev/null)
 * takes bookings over HTTP from distinct elders holding pre-made access tokens, sent from a worker
 * thread so the load does not share the server's event loop. Then the same seat-taking and booking
 * writes go straight through mongoose against the same store (the store's own ceiling for this
 * work), and a 500-request burst hits a 200-seat slot. Figures only; nothing is asserted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import mongoose, { Types } from 'mongoose';
import pino from 'pino';
import { start, type RunningServer } from '../src/main';
import { loadConfig } from '../src/platform/config';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/logger';
import { createCommunitiesService, type Household } from '../src/modules/communities/service';
import { createTokens } from '../src/modules/identity/tokens';
import { UserModel } from '../src/modules/identity/user-model';
import { MembershipModel } from '../src/modules/membership/model';
import { BookingModel } from '../src/modules/meals/booking-model';
import { shanghaiDate, addDays } from '../src/modules/meals/booking-window';
import { MenuModel } from '../src/modules/meals/menu-model';
import { ageOn, priceMeal, tierLabel, tierOf, type SubsidyPolicy } from '../src/modules/meals/pricing';
import { SubsidyPolicyModel } from '../src/modules/meals/subsidy-policy-model';
import { createSubsidyLedger } from '../src/modules/meals/subsidy-ledger';
import { formatRate, runLoad } from './load';
import { startStoreProcess } from './store-process';
import { benchNotices } from './notices';
import { benchVotes } from './votes';
import { ratioLowerIsBetter, type Figure } from './report';

// Plain JS so the worker needs no TypeScript loader. Each request has its own token and body.
const BOOKING_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, warmUrl, concurrency, requests } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
const latencies = [];
const statuses = {};
let next = 0;
const get = (u) => new Promise((resolve) => {
  http.get(u, { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
});
const post = ({ token, body }) => new Promise((resolve) => {
  const payload = JSON.stringify(body);
  const t0 = performance.now();
  const req = http.request({
    agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json',
               'content-length': Buffer.byteLength(payload) },
  }, (res) => {
    res.resume();
    res.on('end', () => {
      latencies.push(performance.now() - t0);
      statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
      resolve();
    });
  });
  req.on('error', () => { statuses.error = (statuses.error || 0) + 1; resolve(); });
  req.end(payload);
});
(async () => {
  // Open every connection first, so the measured requests do not include TCP set-up.
  if (warmUrl) await Promise.all(Array.from({ length: concurrency }, () => get(warmUrl)));
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, async () => {
    for (let i = next++; i < requests.length; i = next++) await post(requests[i]);
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p / 100 * latencies.length))] || 0;
  parentPort.postMessage({ perSecond: requests.length / seconds, seconds, statuses, p50: pct(50), p99: pct(99) });
  agent.destroy();
})();
`;

interface HttpRun {
  perSecond: number;
  seconds: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
}

export function httpLoad(workerData: {
  url: string;
  warmUrl?: string;
  concurrency: number;
  requests: { token: string; body: object }[];
}): Promise<HttpRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOKING_WORKER, { eval: true, workerData });
    worker.once('message', (result: HttpRun) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** CPU seconds (user + system) used so far by a process, or by one of its threads, from /proc. */
function cpuSeconds(statPath: string): number {
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  const fields = readFileSync(statPath, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Runs `work` and reports, per booking, the database operations sent, and the CPU used by this
 * process's main thread (the API; the HTTP load runs in a worker thread and is not counted) and by
 * the store process. CPU time, not wall time, so other work on the machine does not inflate it.
 */
export interface CostPerCall {
  operations: number;
  apiCpuMs: number;
  storeCpuMs: number;
}

export async function withCost<T>(
  storePid: number,
  calls: number,
  work: () => Promise<T>,
): Promise<{ result: T; perCall: CostPerCall; cost: string }> {
  const storeStat = `/proc/${storePid}/stat`;
  const mainStat = `/proc/${process.pid}/task/${process.pid}/stat`;
  let operations = 0;
  const byKind = new Map<string, number>();
  // Every database operation of the app goes through a mongoose collection, which reports it here.
  mongoose.set('debug', (collection: string, method: string) => {
    operations += 1;
    const kind = `${collection}.${method}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  });
  const [store0, main0] = [cpuSeconds(storeStat), cpuSeconds(mainStat)];
  const result = await work();
  const [store1, main1] = [cpuSeconds(storeStat), cpuSeconds(mainStat)];
  mongoose.set('debug', false);
  const perCall = (seconds: number) => ((seconds * 1000) / calls).toFixed(2);
  return {
    result,
    perCall: {
      operations: operations / calls,
      apiCpuMs: ((main1 - main0) * 1000) / calls,
      storeCpuMs: ((store1 - store0) * 1000) / calls,
    },
    cost:
      `per booking: ${(operations / calls).toFixed(1)} database operations, CPU ${perCall(main1 - main0)} ms in the API's main thread and ${perCall(store1 - store0)} ms in the store\n` +
      `    operations: ${[...byKind]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `${kind} ${(n / calls).toFixed(2)}`)
        .join(', ')}`,
  };
}

export const fmtStatuses = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([code, n]) => `${n}×${code}`)
    .join(', ');

const ELDER_BIRTH_DATE = '1948-05-01';
const POLICY: SubsidyPolicy = {
  eligibilityAge: 60,
  ageTiers: [
    { minAge: 60, maxAge: 69, subsidyFen: 300 },
    { minAge: 70, maxAge: 79, subsidyFen: 500 },
    { minAge: 80, subsidyFen: 800 },
  ],
  tagExtras: {},
  // High enough that every booking in the bench reserves subsidy in the ledger.
  monthlyCapFen: 10_000_000,
};

export async function benchMeals(print: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  const concurrency = 50;
  // 5,000 elders in all: the fan-out connects a socket for each.
  const measured = 4_500;
  const warm = 500;
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-meals-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-meals-data-'));
  const store = await startStoreProcess(dbPath);
  let running: RunningServer | undefined;
  try {
    const config = loadConfig({
      env: {
        NODE_ENV: 'production',
        PORT: '0',
        MONGODB_URI: `${store.uri}linli`,
        DATA_DIR: dataDir,
        JWT_SECRET: 'x'.repeat(40),
        ACCESS_TOKEN_TTL_SECONDS: '3600',
        LOG_LEVEL: 'info',
        RATE_LIMIT_POINTS: '100000000',
      },
    });
    const logger = createLogger({
      level: 'info',
      destination: pino.destination({ dest: '/dev/null', sync: false }),
    });
    running = await start({ config, logger });
    // Production leaves index builds to a deliberate step (autoIndex off): this is that step.
    const { connection } = running.database;
    for (const name of connection.modelNames()) await connection.model(name).syncIndexes();

    // One community, a canteen serving it, elders approved into its households.
    const communities = createCommunitiesService();
    const community = await communities.createCommunity({
      name: '压测社区',
      code: `B-${Date.now()}`,
      address: '压测路 1 号',
      district: '压测区',
    });
    const building = await communities.createBuilding(community.id, { name: '1号楼' });
    const households: Household[] = [];
    for (let i = 0; i < 50; i += 1)
      households.push(
        await communities.createHousehold(community.id, {
          buildingId: building.id,
          unit: `${101 + i}`,
          area: '80.00',
        }),
      );
    const canteen = await communities.createProvider({
      name: '压测食堂',
      kind: 'canteen',
      communityIds: [community.id],
    });
    const staffId = new Types.ObjectId();
    await SubsidyPolicyModel.create({
      communityId: community.id,
      ...POLICY,
      ageTiers: [...POLICY.ageTiers],
      updatedBy: staffId,
    });
    const elderCount = warm + measured;
    const elders = await UserModel.insertMany(
      Array.from({ length: elderCount }, (_, i) => ({
        displayName: `长者${i}`,
        birthDate: ELDER_BIRTH_DATE,
      })),
    );
    await MembershipModel.insertMany(
      elders.map((u, i) => {
        const home = households[i % households.length];
        return {
          userId: u._id,
          householdId: new Types.ObjectId(home.id),
          buildingId: new Types.ObjectId(home.buildingId),
          communityId: new Types.ObjectId(community.id),
          relation: 'family',
          status: 'approved',
          active: true,
          requestedAt: new Date(),
        };
      }),
    );
    const tokens = createTokens({ config, clock: systemClock });
    const elderTokens = elders.map((u) => tokens.signAccessToken(String(u._id)));

    // Tomorrow's meals in Shanghai: open for booking now (7 days ahead) until 09:30 tomorrow.
    const date = addDays(shanghaiDate(new Date()), 1);
    const menu = async (meal: 'lunch' | 'dinner', providerId: string, seatCapacity: number) =>
      MenuModel.create({
        providerId,
        date,
        meal,
        dishes: [{ name: '红烧肉' }, { name: '炒青菜' }],
        basePriceFen: 1500,
        seatCapacity,
        deliveryCapacity: 0,
        seatsTaken: 0,
        deliveriesTaken: 0,
        status: 'published',
        publishedAt: new Date(),
        createdBy: staffId,
      });
    // One menu per canteen, date and meal: the other runs use canteens of their own.
    const moreCanteen = async (name: string) =>
      (await communities.createProvider({ name, kind: 'canteen', communityIds: [community.id] })).id;
    const httpMenu = await menu('lunch', canteen.id, elderCount);
    const directMenu = await menu('dinner', canteen.id, elderCount);
    const burstMenu = await menu('lunch', await moreCanteen('压测食堂-抢座'), 200);

    const url = `${running.url}/api/v1/meals/bookings`;
    print(`meals: store in its own process, API in-process (production settings), load from a worker thread`);
    print(`  ${elderCount.toLocaleString('en-US')} elders with pre-made tokens, menus for ${date}`);

    // 1. Bookings over HTTP: each elder books once (warm-up first, not measured).
    const requestsFor = (from: number, to: number, menuId: string) =>
      elderTokens.slice(from, to).map((token) => ({ token, body: { menuId, mode: 'pickup' } }));
    await httpLoad({ url, concurrency, requests: requestsFor(0, warm, String(httpMenu._id)) });
    const {
      result: overHttp,
      cost: httpCost,
      perCall: httpPerCall,
    } = await withCost(store.pid, measured, async () => {
      const run = await httpLoad({
        url,
        concurrency,
        requests: requestsFor(warm, elderCount, String(httpMenu._id)),
      });
      // What the bookings set off after answering (live updates) is part of their cost.
      await running!.events.drain();
      return run;
    });
    print(
      `  POST /meals/bookings over HTTP   c=${concurrency} ${Math.round(overHttp.perSecond).toLocaleString('en-US')}/s (p50 ${overHttp.p50.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms; ${fmtStatuses(overHttp.statuses)})`,
    );
    print(`    ${httpCost}`);

    // 2. The same writes through mongoose, no HTTP: take the seat (conditional $inc on the menu),
    //    reserve the subsidy (read the ledger, conditional $inc), insert the booking.
    const ledger = createSubsidyLedger();
    const age = ageOn(ELDER_BIRTH_DATE, date);
    const directBooking = async (i: number) => {
      const elder = elders[i];
      const home = households[i % households.length];
      const taken = await MenuModel.findOneAndUpdate(
        {
          _id: directMenu._id,
          status: 'published',
          $expr: { $lt: ['$seatsTaken', '$seatCapacity'] },
        },
        { $inc: { seatsTaken: 1 } },
        { returnDocument: 'after', projection: { _id: 1 } },
      ).lean();
      if (!taken) throw new Error('full');
      const price = await ledger.reserve(
        { elderId: elder._id, communityId: community.id, month: date.slice(0, 7) },
        POLICY.monthlyCapFen,
        (held) => priceMeal({ baseFen: 1500, policy: POLICY, age, tags: [], subsidyUsedThisMonthFen: held }),
      );
      await BookingModel.create({
        menuId: directMenu._id,
        providerId: directMenu.providerId,
        date,
        meal: 'dinner',
        month: date.slice(0, 7),
        elderId: elder._id,
        bookedBy: elder._id,
        communityId: community.id,
        householdId: home.id,
        buildingId: home.buildingId,
        mode: 'pickup',
        status: 'booked',
        active: true,
        pickupCode: String(i).padStart(6, '0'),
        price,
        tierLabel: tierLabel(tierOf(POLICY, age)),
        tags: [],
        bookedAt: new Date(),
      });
    };
    await runLoad(concurrency, warm, (i) => directBooking(i));
    const {
      result: direct,
      cost: directCost,
      perCall: directPerCall,
    } = await withCost(store.pid, measured, () =>
      runLoad(concurrency, measured, (i) => directBooking(warm + i)),
    );
    print(`  same writes through mongoose     c=${concurrency} ${formatRate(direct)}`);
    print(`    ${directCost}`);
    print(`  ratio HTTP ÷ mongoose: ${((overHttp.perSecond / direct.perSecond) * 100).toFixed(0)} %`);
    const costLine = (who: string, c: typeof httpPerCall) =>
      `${who}: ${c.operations.toFixed(1)} database operations per booking; CPU per operation ${(c.apiCpuMs / c.operations).toFixed(3)} ms in the API's main thread, ${(c.storeCpuMs / c.operations).toFixed(3)} ms in the store (per booking ${c.apiCpuMs.toFixed(2)} ms and ${c.storeCpuMs.toFixed(2)} ms)`;
    figures.push({
      id: 'meals.booking',
      label: 'POST /meals/bookings against the same writes through mongoose',
      value: overHttp.perSecond,
      unit: '/s',
      ceiling: { label: 'the same writes through mongoose, same store', value: direct.perSecond },
      ratio: overHttp.perSecond / direct.perSecond,
      aim: 0.5,
      details: [
        `over HTTP c=${concurrency}: p50 ${overHttp.p50.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms; ${fmtStatuses(overHttp.statuses)}`,
        costLine('over HTTP', httpPerCall),
        costLine('through mongoose', directPerCall),
        httpCost.split('\n')[1].trim(),
      ],
    });

    // 3. A burst: 500 elders at once for a slot of 200 seats, on connections opened beforehand.
    const burst = await httpLoad({
      url,
      warmUrl: `${running.url}/api/health`,
      concurrency: 500,
      requests: requestsFor(0, 500, String(burstMenu._id)),
    });
    const seatsTaken = (await MenuModel.findById(burstMenu._id).lean())?.seatsTaken;
    print(
      `  burst: 500 at once, 200 seats    p50 ${burst.p50.toFixed(2)} ms, p99 ${burst.p99.toFixed(2)} ms, all answered in ${(burst.seconds * 1000).toFixed(0)} ms (${fmtStatuses(burst.statuses)}; seats taken ${seatsTaken})`,
    );
    // The floor: the store takes seats no faster than the direct writes above, so the 200th seat
    // cannot go before 200 of those; the 300 refused are one conditional update each on top.
    const floorMs = (200 / direct.perSecond) * 1000;
    figures.push({
      id: 'meals.burst',
      label: 'burst: 500 requests at once for 200 seats, until all are answered',
      value: burst.seconds * 1000,
      unit: 'ms',
      ceiling: {
        label: "floor set by the store's own write rate (200 bookings through mongoose)",
        value: floorMs,
      },
      ratio: ratioLowerIsBetter(burst.seconds * 1000, floorMs),
      details: [
        `p50 ${burst.p50.toFixed(2)} ms, p99 ${burst.p99.toFixed(2)} ms`,
        `${fmtStatuses(burst.statuses)}; seats taken ${seatsTaken}`,
      ],
    });
    await running.events.drain();

    figures.push(
      ...(await benchNotices(print, {
        running,
        storePid: store.pid,
        communityId: community.id,
        elderTokens,
        tokens,
      })),
    );
    const committee = await UserModel.create({
      displayName: '压测居委（投票）',
      grants: [{ role: 'committee', communityId: community.id }],
    });
    print('');
    figures.push(
      ...(await benchVotes(print, {
        running,
        storePid: store.pid,
        communityId: community.id,
        elderIds: elders.map((e) => String(e._id)),
        elderTokens,
        committeeToken: tokens.signAccessToken(String(committee._id)),
      })),
    );
  } finally {
    await running?.stop();
    await store.stop('SIGTERM');
    rmSync(dbPath, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
