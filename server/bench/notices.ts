/**
 * Notices under load, on the meals bench's server and elders (5,000 residents of one community):
 * a resident's notice list against bare Koa; then one notice, published over HTTP, fanned out to
 * 5,000 connected sockets (every one must hear it) against one `io.emit` from a bare socket.io
 * server to as many; and what 1,000 idle sockets cost the server in memory against the bare server.
 */
import { Types } from 'mongoose';
import { REALTIME_CAUGHT_UP } from '@linli/shared';
import type { RunningServer } from '../src/main';
import type { createTokens } from '../src/modules/identity/tokens';
import { UserModel } from '../src/modules/identity/user-model';
import { NoticeModel } from '../src/modules/notices/model';
import { HTTP_CONCURRENCY, HTTP_REQUESTS, againstBareKoa, bareKoaCeiling, describe, load } from './http';
import { withCost } from './meals';
import { ratioLowerIsBetter, type Figure } from './report';
import { bareSocketCeiling, percentile, settledMemory, startSocketClients, wallNow } from './sockets';

const LISTED_NOTICES = 20;

export async function benchNotices(
  print: (line: string) => void,
  {
    running,
    storePid,
    communityId,
    elderTokens,
    tokens,
  }: {
    running: RunningServer;
    storePid: number;
    communityId: string;
    elderTokens: readonly string[];
    tokens: ReturnType<typeof createTokens>;
  },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const committee = await UserModel.create({
    displayName: '压测居委',
    grants: [{ role: 'committee', communityId }],
  });
  // The list's notices are set down directly, as a setup step: publishing them would fill every
  // elder's realtime inbox 20 times over before anything is measured.
  await NoticeModel.insertMany(
    Array.from({ length: LISTED_NOTICES }, (_, i) => ({
      communityId: new Types.ObjectId(communityId),
      title: `压测通知 ${i + 1}`,
      body: '本周六上午九点，小区广场有义诊活动，欢迎参加。',
      category: 'announcement',
      audience: { kind: 'community', buildingIds: [] },
      pinned: i === 0,
      status: 'published',
      publishedBy: committee._id,
      publishedAt: new Date(Date.now() - (LISTED_NOTICES - i) * 60_000),
    })),
  );

  // 1. A resident's notice list (one elder's token for every request: the list, not sign-in, is measured).
  const bare = await bareKoaCeiling();
  const listUrl = `${running.url}/api/v1/notices`;
  const auth = { authorization: `Bearer ${elderTokens[0]}` };
  await load(listUrl, HTTP_CONCURRENCY, 500, auth);
  const list = await load(listUrl, HTTP_CONCURRENCY, HTTP_REQUESTS / 4, auth);
  print(describe(`GET /notices (${LISTED_NOTICES} notices)`, list));
  figures.push(
    againstBareKoa(
      'notices.list',
      `GET /notices, a resident's list of ${LISTED_NOTICES}, against bare Koa`,
      list,
      bare,
      HTTP_REQUESTS / 4,
    ),
  );

  // 2. Fan-out and idle memory, first on the bare socket.io server (the ceiling), then on the app.
  const count = elderTokens.length;
  const ceilingClients = await startSocketClients();
  const ceiling = await bareSocketCeiling(ceilingClients, count);
  print(
    `  bare socket.io, ${count.toLocaleString('en-US')} sockets: io.emit heard by ${ceiling.heard} in p50 ${ceiling.p50.toFixed(1)} ms, p99 ${ceiling.p99.toFixed(1)} ms; ${(ceiling.livePer1000 / 1024 / 1024).toFixed(1)} MB heap and buffers per 1,000 idle sockets`,
  );

  const clients = await startSocketClients();
  try {
    const before = await settledMemory();
    const { failed } = await clients.connect(
      running.url,
      elderTokens.map((token) => ({ token })),
      'notice.published',
      REALTIME_CAUGHT_UP,
    );
    const after = await settledMemory();
    const rssPer1000 = ((after.rss - before.rss) / count) * 1000;
    const heapPer1000 = ((after.heapUsed - before.heapUsed) / count) * 1000;
    const livePer1000 = ((after.live - before.live) / count) * 1000;
    const mb = (bytes: number) => bytes / 1024 / 1024;

    // Where the fan-out's time goes: the database operations it sends, and the CPU of the API's
    // main thread and of the store while it runs (CPU, not wall time, so the busy machine shows less).
    let answeredMs = 0;
    const since = wallNow();
    const { result: delays, cost } = await withCost(storePid, 1, async () => {
      const published = await fetch(`${running.url}/api/v1/notices`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.signAccessToken(String(committee._id))}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          communityId,
          title: '今晚8点停电检修',
          body: '1号楼今晚8点至10点停电检修，请提前做好准备。',
          category: 'emergency',
          audience: { kind: 'community' },
        }),
      });
      if (published.status !== 201) throw new Error(`publishing the notice answered ${published.status}`);
      answeredMs = wallNow() - since;
      const heardAfter = await clients.delays(since, 60_000);
      await running.events.drain();
      return heardAfter;
    });
    const heard = delays.filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
    const p50 = percentile(heard, 50);
    const p99 = percentile(heard, 99);
    print(
      `  one notice to ${count.toLocaleString('en-US')} sockets: heard by ${heard.length} (${failed} failed to connect) in p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    );
    print(
      `  memory per 1,000 idle sockets: ${mb(livePer1000).toFixed(1)} MB heap and buffers (${mb(heapPer1000).toFixed(1)} MB heap, ${mb(rssPer1000).toFixed(1)} MB RSS)`,
    );
    figures.push({
      id: 'notices.fanout',
      label: `one notice published over HTTP to ${count.toLocaleString('en-US')} connected sockets: p99 delivery`,
      value: p99,
      unit: 'ms',
      ceiling: {
        label: `io.emit from a bare socket.io server to ${count.toLocaleString('en-US')} sockets, p99`,
        value: ceiling.p99,
      },
      ratio: ratioLowerIsBetter(p99, ceiling.p99),
      details: [
        `heard by ${heard.length} of ${count} (${heard.length === count ? 'all delivered' : `${count - heard.length} missing`}); ${failed} failed to connect`,
        `p50 ${p50.toFixed(1)} ms (bare ${ceiling.p50.toFixed(1)} ms), from sending the POST to each socket's first hearing`,
        `the POST was answered in ${answeredMs.toFixed(0)} ms; the app then resolves the audience, finds who is offline (WeChat), writes one inbox entry per resident for catch-up and emits to each user room`,
        `during the fan-out: ${cost.replace('per booking: ', '').replace(/\n\s*/g, '; ')}`,
      ],
    });
    figures.push({
      id: 'sockets.memory',
      label: 'server memory per 1,000 idle sockets (signed-in residents): JS heap and buffers',
      value: mb(livePer1000),
      unit: 'MB',
      ceiling: { label: 'bare socket.io server, same clients', value: mb(ceiling.livePer1000) },
      ratio: ratioLowerIsBetter(mb(livePer1000), mb(ceiling.livePer1000)),
      details: [
        `after a full collection; JS heap alone ${mb(heapPer1000).toFixed(1)} MB (bare ${mb(ceiling.heapPer1000).toFixed(1)} MB); RSS ${mb(rssPer1000).toFixed(1)} MB (bare ${mb(ceiling.rssPer1000).toFixed(1)} MB), which a collection of earlier garbage can shrink`,
        `measured over ${count.toLocaleString('en-US')} sockets; the clients run in a process of their own`,
      ],
    });
    await running.events.drain();
  } finally {
    await clients.close();
  }
  return figures;
}
