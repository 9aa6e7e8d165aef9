/**
 * Votes under load, on the meals bench's server and its 5,000 elders (residents of one community):
 * a consultation where every resident has a vote, opened by the committee over HTTP (which freezes
 * the roll), then ballots cast over HTTP against the same reads and writes straight through
 * mongoose on a second such consultation: find the voter's roll entry, insert the ballot, count it
 * with one $inc on the consultation.
 */
import { Types } from 'mongoose';
import type { RunningServer } from '../src/main';
import { ElectorModel, BallotModel } from '../src/modules/consultations/ballots/model';
import { newReceiptCode, receiptHashOf, sealOf } from '../src/modules/consultations/ballots/receipts';
import { ConsultationModel } from '../src/modules/consultations/consultations/model';
import { formatRate, runLoad } from './load';
import { fmtStatuses, httpLoad, withCost, type CostPerCall } from './meals';
import type { Figure } from './report';

async function call(url: string, token: string, body?: object) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${url} answered ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function benchVotes(
  print: (line: string) => void,
  {
    running,
    storePid,
    communityId,
    elderIds,
    elderTokens,
    committeeToken,
  }: {
    running: RunningServer;
    storePid: number;
    communityId: string;
    elderIds: readonly string[];
    elderTokens: readonly string[];
    committeeToken: string;
  },
): Promise<Figure[]> {
  const concurrency = 50;
  const warm = 300;
  const measured = 2_000;
  const api = `${running.url}/api/v1/consultations`;
  const open = async (title: string) => {
    const created = (await call(api, committeeToken, {
      communityId,
      title,
      body: '请每位居民选出最想要的设施',
      eligibility: 'resident',
      ballot: { kind: 'single', options: ['秋千', '滑梯', '沙池'] },
      votingClosesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    })) as { id: string; ballot: { options: { id: string }[] } };
    await call(`${api}/${created.id}/transitions/openVoting`, committeeToken);
    return { id: created.id, choice: created.ballot.options[0].id };
  };
  const overHttpVote = await open('压测投票（HTTP）');
  const directVote = await open('压测投票（mongoose）');
  print(
    `votes: two consultations with a vote for each of ${elderIds.length.toLocaleString('en-US')} residents`,
  );

  const url = `${api}/${overHttpVote.id}/ballots`;
  const requests = (from: number, to: number) =>
    elderTokens.slice(from, to).map((token) => ({ token, body: { choices: [overHttpVote.choice] } }));
  await httpLoad({ url, concurrency, requests: requests(0, warm) });
  const { result: overHttp, perCall: httpPerCall } = await withCost(storePid, measured, async () => {
    const run = await httpLoad({ url, concurrency, requests: requests(warm, warm + measured) });
    await running.events.drain();
    return run;
  });
  print(
    `  POST /consultations/:id/ballots c=${concurrency} ${Math.round(overHttp.perSecond).toLocaleString('en-US')}/s (p50 ${overHttp.p50.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms; ${fmtStatuses(overHttp.statuses)})`,
  );

  const consultationId = new Types.ObjectId(directVote.id);
  const directBallot = async (i: number) => {
    const voterId = new Types.ObjectId(elderIds[i]);
    const [elector] = await ElectorModel.find({ consultationId, voterIds: voterId }).lean();
    if (!elector) throw new Error('not on the roll');
    const code = newReceiptCode();
    const choices = [directVote.choice];
    await BallotModel.create({
      consultationId,
      voterKey: elector.voterKey,
      householdId: elector.householdId,
      buildingId: elector.buildingId,
      voterKind: 'online',
      castBy: voterId,
      voterId,
      choices,
      receiptHash: receiptHashOf(directVote.id, code),
      seal: sealOf(code, choices),
      castAt: new Date(),
    });
    await ConsultationModel.findOneAndUpdate(
      { _id: consultationId },
      { $inc: { voted: 1 } },
      { returnDocument: 'after', projection: { voted: 1 } },
    ).lean();
  };
  await runLoad(concurrency, warm, directBallot);
  const { result: direct, perCall: directPerCall } = await withCost(storePid, measured, () =>
    runLoad(concurrency, measured, (i) => directBallot(warm + i)),
  );
  print(`  same reads and writes through mongoose c=${concurrency} ${formatRate(direct)}`);
  const costLine = (who: string, c: CostPerCall) =>
    `${who}: ${c.operations.toFixed(1)} database operations per vote; CPU per vote ${c.apiCpuMs.toFixed(2)} ms in the API's main thread, ${c.storeCpuMs.toFixed(2)} ms in the store`;
  return [
    {
      id: 'votes.cast',
      label: 'POST /consultations/:id/ballots against the same reads and writes through mongoose',
      value: overHttp.perSecond,
      unit: '/s',
      ceiling: { label: 'roll lookup, ballot insert and $inc through mongoose', value: direct.perSecond },
      ratio: overHttp.perSecond / direct.perSecond,
      aim: 0.5,
      details: [
        `over HTTP c=${concurrency}: p50 ${overHttp.p50.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms; ${fmtStatuses(overHttp.statuses)}`,
        costLine('over HTTP', httpPerCall),
        costLine('through mongoose', directPerCall),
      ],
    },
  ];
}
