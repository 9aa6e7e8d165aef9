/**
 * Projects over HTTP with the real store and scheduler: the committee's drafts, edits that become
 * versions once pledged, the workflow as a table, lapse at the deadline with the clock stepped
 * (across a restart: restart.test.ts), and cancellation with a reason.
 */
import request from 'supertest';
import sharp from 'sharp';
import { startTestApi, type TestApi } from '../../../test-support/api';
import { connectClient } from '../../../platform/realtime/testing';
import {
  DEADLINE,
  call,
  gardenBody,
  makeProject,
  makeResidentIn,
  makeWorld,
  needOf,
  tokenFor,
} from '../test-factories';
import { projectFlow } from './flow';
import { NeedModel } from './model';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());
beforeEach(() => api.clock.set('2031-03-03T02:00:00Z'));

const pledge = (a: TestApi, userId: string, projectId: string, body: Record<string, unknown>) =>
  call(a, userId, 'post', `/pledges/projects/${projectId}/pledges`, body);

describe('the workflow, as a table', () => {
  it.each([
    ['draft', 'committee', ['open', 'cancel']],
    ['open', 'committee', ['cancel']],
    ['open', 'system', ['activate', 'lapse']],
    ['active', 'committee', ['cancel', 'complete']],
    ['active', 'system', []],
    ['done', 'committee', []],
    ['lapsed', 'committee', []],
    ['cancelled', 'committee', []],
  ] as const)('from %s, %s may %j', (state, role, actions) => {
    expect(projectFlow.actionsFor(state, [role]).sort()).toEqual([...actions].sort());
  });

  it('answers 409 naming the allowed next states for a move not possible now', async () => {
    const world = await makeWorld(api);
    const draft = await makeProject(api, world, {}, { open: false });
    const res = await call(api, world.committee.id, 'post', `/pledges/projects/${draft.id}/complete`);
    expect(res.status).toBe(409);
    expect(res.body.error.details.allowedNextStates.sort()).toEqual(['cancelled', 'open']);
  });
});

describe('creating and editing', () => {
  it('creates a draft only the committee sees, with every kind of need and its actions', async () => {
    const world = await makeWorld(api);
    const draft = await makeProject(api, world, {}, { open: false });
    expect(draft).toMatchObject({
      status: 'draft',
      version: 1,
      frozen: false,
      actions: ['edit', 'open', 'cancel'],
    });
    expect(draft.needs.map((n: { kind: string; target: number }) => [n.kind, n.target])).toEqual([
      ['money', 300_000],
      ['goods', 40],
      ['labour', 8],
    ]);
    const resident = await makeResidentIn(api, world);
    expect((await call(api, resident.id, 'get', `/pledges/projects/${draft.id}`)).status).toBe(404);
    expect((await call(api, resident.id, 'get', '/pledges/projects')).body.items).toEqual([]);
    const opened = await call(api, world.committee.id, 'post', `/pledges/projects/${draft.id}/open`);
    expect(opened.body.status).toBe('open');
    const seen = await call(api, resident.id, 'get', '/pledges/projects');
    expect(seen.body.items).toHaveLength(1);
    expect(seen.body.items[0].actions).toEqual(['pledge']);
  });

  it('attaches photos the committee uploaded; residents of the community may fetch them, others not', async () => {
    const world = await makeWorld(api);
    const image = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 160, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    const up = await request(api.url)
      .post('/api/v1/uploads')
      .set(api.bearer(await tokenFor(api, world.committee.id)))
      .attach('file', image, 'corner.jpg');
    expect(up.status).toBe(201);
    const project = await makeProject(api, world, { photoIds: [up.body.id] });
    expect(project.photos).toEqual([expect.objectContaining({ id: up.body.id, width: 40, height: 30 })]);
    const resident = await makeResidentIn(api, world);
    const seen = await call(api, resident.id, 'get', `/pledges/projects/${project.id}`);
    expect((await request(api.url).get(seen.body.photos[0].thumbUrl)).status).toBe(200);
    const stranger = await makeResidentIn(api, await makeWorld(api));
    const fetched = await request(api.url)
      .get(`/api/v1/uploads/${up.body.id}`)
      .set(api.bearer(await tokenFor(api, stranger.id)));
    expect(fetched.status).toBeGreaterThanOrEqual(403);
  });

  it('deletes a photo an edit takes off and keeps the others', async () => {
    const world = await makeWorld(api);
    const upload = async (r: number) => {
      const image = await sharp({
        create: { width: 20, height: 20, channels: 3, background: { r, g: 90, b: 60 } },
      })
        .jpeg()
        .toBuffer();
      const up = await request(api.url)
        .post('/api/v1/uploads')
        .set(api.bearer(await tokenFor(api, world.committee.id)))
        .attach('file', image, 'corner.jpg');
      return up.body.id as string;
    };
    const [kept, dropped] = [await upload(10), await upload(200)];
    const project = await makeProject(api, world, { photoIds: [kept, dropped] }, { open: false });
    const edited = await call(api, world.committee.id, 'put', `/pledges/projects/${project.id}`, {
      ...gardenBody(world, { communityId: undefined }),
      photoIds: [kept],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.photos.map((p: { id: string }) => p.id)).toEqual([kept]);
    const token = await tokenFor(api, world.committee.id);
    expect((await request(api.url).get(`/api/v1/uploads/${kept}`).set(api.bearer(token))).status).toBe(200);
    expect((await request(api.url).get(`/api/v1/uploads/${dropped}`).set(api.bearer(token))).status).toBe(
      404,
    );
  });

  it('names the field and writes nothing for a deadline in the past or a slot ending before it starts', async () => {
    const world = await makeWorld(api);
    const past = await call(
      api,
      world.committee.id,
      'post',
      '/pledges/projects',
      gardenBody(world, { deadline: '2031-03-01T00:00:00Z' }),
    );
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields[0].path).toBe('deadline');
    const backwards = await call(
      api,
      world.committee.id,
      'post',
      '/pledges/projects',
      gardenBody(world, {
        needs: [
          {
            kind: 'labour',
            label: '清扫',
            headcount: 3,
            startsAt: '2031-03-15T04:00:00Z',
            endsAt: '2031-03-15T01:00:00Z',
          },
        ],
      }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0].path).toBe('needs.0.endsAt');
    expect(
      (await call(api, world.committee.id, 'get', `/pledges/projects?communityId=${world.community.id}`)).body
        .items,
    ).toEqual([]);
  });

  it('edits in place before the first pledge; after it, an edit is a new version pledgers are told about', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const needs = project.needs.map(
      (n: { id: string; kind: string; label: string; target: number; startsAt?: string; endsAt?: string }) =>
        n.kind === 'money'
          ? { kind: 'money', id: n.id, label: n.label, targetFen: n.target }
          : n.kind === 'goods'
            ? { kind: 'goods', id: n.id, label: n.label, unit: '袋', quantity: n.target }
            : {
                kind: 'labour',
                id: n.id,
                label: n.label,
                headcount: n.target,
                startsAt: n.startsAt,
                endsAt: n.endsAt,
              },
    );
    const edit = (body: Record<string, unknown>) =>
      call(api, world.committee.id, 'put', `/pledges/projects/${project.id}`, {
        title: project.title,
        description: project.description,
        needs,
        thresholds: { households: 20 },
        deadline: DEADLINE,
        ...body,
      });
    const inPlace = await edit({ title: '小花园（修订）' });
    expect(inPlace.body).toMatchObject({
      title: '小花园（修订）',
      version: 1,
      frozen: false,
      pledgersToTell: 0,
    });

    const pledger = await makeResidentIn(api, world);
    const mine = await pledge(api, pledger.id, project.id, {
      needId: needOf(project, 'goods'),
      quantity: 30,
    });
    expect(mine.body.projectVersion).toBe(1);
    const client = await connectClient(api.url, { token: await tokenFor(api, pledger.id) });
    await client.caughtUp();
    try {
      // Fewer bags than already pledged is refused, naming the need; nothing changes.
      const tooFew = await edit({
        needs: needs.map((n: { kind: string }) => (n.kind === 'goods' ? { ...n, quantity: 20 } : n)),
      });
      expect(tooFew.status).toBe(400);
      expect(tooFew.body.error.details.fields[0].path).toBe('needs.1');
      const revised = await edit({ description: '增加一张长椅。', changeNote: '增加长椅' });
      expect(revised.body).toMatchObject({ version: 2, frozen: true, description: '增加一张长椅。' });
      expect(revised.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      // The committee's page says how many will be told before it saves; a pledger is not shown it.
      expect(revised.body.pledgersToTell).toBe(1);
      const seen = await call(api, pledger.id, 'get', `/pledges/projects/${project.id}`);
      expect(seen.body).toMatchObject({ version: 2, description: '增加一张长椅。' });
      expect(seen.body).not.toHaveProperty('pledgersToTell');
      const told = await client.next((r) => r.event === 'pledge.changed' && r.payload.version === 2);
      expect(told.payload).toMatchObject({ projectId: project.id, reason: '增加长椅' });
    } finally {
      client.close();
    }
  });
});

describe('deadline', () => {
  it('lapses an open project at its deadline: pledgers told, nothing collected, conditional pledges dropped', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const [firm, waiting] = [await makeResidentIn(api, world), await makeResidentIn(api, world)];
    await pledge(api, firm.id, project.id, { needId: needOf(project, 'goods'), quantity: 5 });
    await pledge(api, waiting.id, project.id, {
      needId: needOf(project, 'labour'),
      condition: { scope: 'project', atLeast: 10 },
    });
    const client = await connectClient(api.url, { token: await tokenFor(api, firm.id) });
    await client.caughtUp();
    try {
      api.clock.set('2031-03-10T01:59:59Z');
      await api.scheduler.runDue();
      expect((await call(api, firm.id, 'get', `/pledges/projects/${project.id}`)).body.status).toBe('open');
      api.clock.set(DEADLINE);
      await api.scheduler.runDue();
      const view = await call(api, firm.id, 'get', `/pledges/projects/${project.id}`);
      expect(view.body.status).toBe('lapsed');
      expect(view.body.actions).toEqual([]);
      expect(view.body.mine[0]).toMatchObject({ status: 'dropped', actions: [] });
      await client.next((r) => r.event === 'pledge.changed' && r.payload.status === 'lapsed');
      const waited = await call(api, waiting.id, 'get', '/pledges/mine');
      expect(waited.body.items[0].status).toBe('dropped');
      // Nothing is collected: the committee has nothing to confirm.
      const list = await call(api, world.committee.id, 'get', `/pledges/projects/${project.id}/pledges`);
      expect(list.body.items.every((p: { actions: string[] }) => p.actions.length === 0)).toBe(true);
      expect((await NeedModel.findById(needOf(project, 'goods')).lean())!.pledged).toBe(0);
    } finally {
      client.close();
    }
  });

  it('keeps an active project active at the deadline and drops only pledges still waiting', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, { thresholds: {} });
    expect(project.status).toBe('active');
    const waiting = await makeResidentIn(api, world);
    await pledge(api, waiting.id, project.id, {
      needId: needOf(project, 'goods'),
      condition: { scope: 'building', atLeast: 5 },
    });
    api.clock.set(DEADLINE);
    await api.scheduler.runDue();
    expect((await call(api, waiting.id, 'get', `/pledges/projects/${project.id}`)).body.status).toBe(
      'active',
    );
    expect((await call(api, waiting.id, 'get', '/pledges/mine')).body.items[0].status).toBe('dropped');
  });

  it('activates on a deadline-day pledge and does not lapse once every threshold is met', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world, { thresholds: { households: 2 } });
    const [a, b] = [await makeResidentIn(api, world), await makeResidentIn(api, world)];
    await pledge(api, a.id, project.id, { needId: needOf(project, 'money'), quantity: 1000 });
    api.clock.set('2031-03-10T01:00:00Z');
    await pledge(api, b.id, project.id, { needId: needOf(project, 'money'), quantity: 1000 });
    api.clock.set(DEADLINE);
    await api.scheduler.runDue();
    expect((await call(api, a.id, 'get', `/pledges/projects/${project.id}`)).body.status).toBe('active');
  });
});

describe('cancelling', () => {
  it('cancels with a reason: pledgers are told and their pledges dropped; a reason is required', async () => {
    const world = await makeWorld(api);
    const project = await makeProject(api, world);
    const resident = await makeResidentIn(api, world);
    await pledge(api, resident.id, project.id, { needId: needOf(project, 'goods'), quantity: 2 });
    const noReason = await call(
      api,
      world.committee.id,
      'post',
      `/pledges/projects/${project.id}/cancel`,
      {},
    );
    expect(noReason.status).toBe(400);
    const res = await call(api, world.committee.id, 'post', `/pledges/projects/${project.id}/cancel`, {
      reason: '场地另有安排',
    });
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '场地另有安排' });
    expect((await call(api, resident.id, 'get', '/pledges/mine')).body.items[0].status).toBe('dropped');
    expect(
      (
        await call(api, world.committee.id, 'post', `/pledges/projects/${project.id}/cancel`, {
          reason: 'again',
        })
      ).status,
    ).toBe(409);
  });
});
