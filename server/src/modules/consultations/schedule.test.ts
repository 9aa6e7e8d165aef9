/**
 * Voting opens and closes at the set times on the platform scheduler, with the clock stepped, and
 * a close scheduled before a restart still happens after it. The committee can close by hand
 * first, and the scheduler's later run then changes nothing.
 */
import fs from 'node:fs';
import request from 'supertest';
import { tempDir } from '../../platform/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { tokenFor } from '../meals/test-factories';
import { createConsultation, inDays, makeUnit, makeWorld, move, placeResidents } from './test-factories';

const DAY = 86_400_000;

async function statusOf(api: TestApi, id: string, userId: string) {
  const res = await request(api.url)
    .get(`/api/v1/consultations/${id}`)
    .set(api.bearer(await tokenFor(api, userId)));
  return res.body as { status: string; history?: unknown; openedAt?: string; closedAt?: string };
}

it('opens at votingOpensAt and closes at votingClosesAt by the scheduler, once', async () => {
  const api = await startTestApi();
  try {
    const world = await makeWorld(api);
    const c = await createConsultation(api, world, {
      votingOpensAt: inDays(api, 1),
      votingClosesAt: inDays(api, 3),
    });
    await move(api, world, c.id, 'openDiscussion');
    api.clock.advance(DAY - 60_000);
    expect(await api.scheduler.runDue()).toBe(0);
    api.clock.advance(60_000);
    expect(await api.scheduler.runDue()).toBe(1);
    const opened = await statusOf(api, c.id, world.committee.id);
    expect(opened.status).toBe('voting');
    api.clock.advance(2 * DAY);
    expect(await api.scheduler.runDue()).toBe(1);
    expect(await api.scheduler.runDue()).toBe(0);
    expect((await statusOf(api, c.id, world.committee.id)).status).toBe('closed');
  } finally {
    await api.stop();
  }
});

it('closes by hand before the set time; the scheduled close then has nothing to do', async () => {
  const api = await startTestApi();
  try {
    const world = await makeWorld(api);
    const c = await createConsultation(api, world, { votingClosesAt: inDays(api, 2) });
    await move(api, world, c.id, 'openVoting');
    const closed = await move(api, world, c.id, 'close');
    expect(closed.status).toBe('closed');
    api.clock.advance(3 * DAY);
    await api.scheduler.runDue();
    const after = await statusOf(api, c.id, world.committee.id);
    expect(after.status).toBe('closed');
    expect(after.closedAt).toBe(closed.closedAt);
  } finally {
    await api.stop();
  }
});

it('a close scheduled before a restart happens after it, and a vote after the close is refused', async () => {
  const dataDir = tempDir('linli-consultation-');
  try {
    const before = await startTestApi({ DATA_DIR: dataDir });
    let ids: { consultation: string; committee: string; voter: string };
    try {
      const world = await makeWorld(before);
      const home = await makeUnit(world, world.buildings[0], '101');
      const [voter] = await placeResidents(before, home, 'owner');
      const c = await createConsultation(before, world, { votingClosesAt: inDays(before, 1) });
      await move(before, world, c.id, 'openVoting');
      ids = { consultation: c.id, committee: world.committee.id, voter: voter.id };
    } finally {
      await before.stop();
    }
    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      after.clock.set(new Date(before.clock.now().getTime() + DAY));
      expect(await after.scheduler.runDue()).toBe(1);
      const view = await statusOf(after, ids.consultation, ids.committee);
      expect(view.status).toBe('closed');
      const late = await request(after.url)
        .post(`/api/v1/consultations/${ids.consultation}/ballots`)
        .set(after.bearer(await tokenFor(after, ids.voter)))
        .send({ choices: ['o1'] });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('CONSULTATION_VOTING_CLOSED');
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

it('an opening scheduled before a restart happens after it', async () => {
  const dataDir = tempDir('linli-consultation-draft-');
  try {
    const before = await startTestApi({ DATA_DIR: dataDir });
    let ids: { consultation: string; committee: string };
    try {
      const w = await makeWorld(before);
      const c = await createConsultation(before, w, { discussionOpensAt: inDays(before, 1) });
      ids = { consultation: c.id, committee: w.committee.id };
    } finally {
      await before.stop();
    }
    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      after.clock.set(new Date(before.clock.now().getTime() + DAY));
      expect(await after.scheduler.runDue()).toBe(1);
      expect((await statusOf(after, ids.consultation, ids.committee)).status).toBe('discussion');
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
