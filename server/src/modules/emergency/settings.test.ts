/**
 * The committee's emergency settings over HTTP: the escalation minutes (1–60, a refusal names the
 * field and changes nothing) and the duty roster; a committee member of another community and a
 * resident can change neither; a member put on duty and new minutes together decide who an
 * unanswered call escalates to, and when.
 */
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCommunity } from '../communities/test-factories';
import { makeStaff } from '../identity/test-factories';
import { committeeOf } from '../membership/test-factories';
import { as, makeCallWorld, raise } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  api.clock.set('2031-03-04T02:00:00Z');
});
afterAll(async () => {
  await api.stop();
});

const get = async (userId: string, path: string) =>
  request(api.url)
    .get(`/api/v1${path}`)
    .set(await as(api, userId));
const putSettings = async (userId: string, communityId: string, body: unknown) =>
  request(api.url)
    .put(`/api/v1/emergency/communities/${communityId}/settings`)
    .set(await as(api, userId))
    .send(body as object);
const putDuty = async (userId: string, communityId: string, memberId: string, onDuty: boolean) =>
  request(api.url)
    .put(`/api/v1/emergency/communities/${communityId}/duty/${memberId}`)
    .set(await as(api, userId))
    .send({ onDuty });
const minutesOf = async (userId: string, communityId: string) =>
  (await get(userId, `/emergency/communities/${communityId}/settings`)).body.escalateAfterMinutes;

describe('escalation minutes', () => {
  it('start at 3, take 1 and 60, and refuse 0, 61, 2.5 and text naming the field, changing nothing', async () => {
    const w = await makeCallWorld(api);
    const id = w.community.id;
    expect(await minutesOf(w.committee.id, id)).toBe(3);

    for (const minutes of [1, 60]) {
      const saved = await putSettings(w.committee.id, id, { escalateAfterMinutes: minutes });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ communityId: id, escalateAfterMinutes: minutes });
      expect(await minutesOf(w.committee.id, id)).toBe(minutes);
    }
    for (const bad of [0, 61, 2.5, '5', null]) {
      const refused = await putSettings(w.committee.id, id, { escalateAfterMinutes: bad });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      expect(refused.body.error.details.fields).toEqual([
        expect.objectContaining({
          location: 'body',
          path: 'escalateAfterMinutes',
          message: expect.any(String),
        }),
      ]);
      expect(await minutesOf(w.committee.id, id)).toBe(60);
    }
    // The words a person reads under the field say the bound.
    const low = await putSettings(w.committee.id, id, { escalateAfterMinutes: 0 });
    expect(low.body.error.details.fields[0].message).toContain('1');
    const high = await putSettings(w.committee.id, id, { escalateAfterMinutes: 61 });
    expect(high.body.error.details.fields[0].message).toContain('60');
    // Every change that was made is in the audit log, with the value before it.
    const audit = await get(w.committee.id, `/audit?communityId=${id}`);
    const changes = audit.body.items
      .filter((e: { action: string }) => e.action === 'emergencySettings.update')
      .map((e: { before: unknown; after: unknown }) => [e.before, e.after]);
    expect(changes).toEqual(
      expect.arrayContaining([
        [{ escalateAfterMinutes: 3 }, { escalateAfterMinutes: 1 }],
        [{ escalateAfterMinutes: 1 }, { escalateAfterMinutes: 60 }],
      ]),
    );
    expect(changes).toHaveLength(2);
  });

  it('a committee member of another community and a resident can neither read nor change them', async () => {
    const w = await makeCallWorld(api);
    const id = w.community.id;
    const outsider = await committeeOf(api, await makeCommunity());
    for (const who of [outsider.id, w.elder.id, w.carer.id]) {
      expect((await get(who, `/emergency/communities/${id}/settings`)).status).toBe(403);
      expect((await putSettings(who, id, { escalateAfterMinutes: 10 })).status).toBe(403);
    }
    expect(await minutesOf(w.committee.id, id)).toBe(3);
  });
});

describe('the duty roster', () => {
  it('a committee member of another community and a resident cannot see or change it', async () => {
    const w = await makeCallWorld(api);
    const id = w.community.id;
    const outsider = await committeeOf(api, await makeCommunity());
    for (const who of [outsider.id, w.elder.id, w.carer.id]) {
      expect((await get(who, `/emergency/communities/${id}/duty`)).status).toBe(403);
      expect((await putDuty(who, id, w.committee.id, true)).status).toBe(403);
      expect((await putDuty(who, id, w.onDuty.id, false)).status).toBe(403);
    }
    const roster = await get(w.committee.id, `/emergency/communities/${id}/duty`);
    expect(roster.body.members.map((m: { onDuty: boolean }) => m.onDuty)).toEqual([false, true]);
    expect(roster.body.members.every((m: { actions: string[] }) => m.actions.includes('setDuty'))).toBe(true);
  });

  it('a member put on duty and new minutes: an unanswered call escalates to them at the new time', async () => {
    const w = await makeCallWorld(api);
    const id = w.community.id;
    // A second off-duty committee member, whom the committee puts on duty from the settings page.
    const newcomer = await makeStaff(api, { grants: [{ role: 'committee', communityId: id }] });
    expect((await putDuty(w.committee.id, id, newcomer.id, true)).status).toBe(200);
    expect((await putDuty(w.committee.id, id, w.onDuty.id, false)).status).toBe(200);
    expect((await putSettings(w.committee.id, id, { escalateAfterMinutes: 7 })).status).toBe(200);

    const call = (await raise(api, w.elder.id)).body.alert.id;
    const told = async () =>
      (await get(newcomer.id, `/emergency/alerts/${call}`)).body.told.map(
        (t: { person: { id: string }; round: string }) => [t.person.id, t.round],
      );
    // Told at once as the duty member; the member taken off duty is not.
    expect(await told()).toEqual(expect.arrayContaining([[newcomer.id, 'raised']]));
    expect((await told()).map(([person]: [string]) => person)).not.toContain(w.onDuty.id);

    api.clock.advance(7 * 60_000 - 1000);
    await api.scheduler.runDue();
    expect((await get(newcomer.id, `/emergency/alerts/${call}`)).body.escalated).toBe(false);
    api.clock.advance(1000);
    await api.scheduler.runDue();
    const view = (await get(newcomer.id, `/emergency/alerts/${call}`)).body;
    expect(view.escalated).toBe(true);
    expect(
      view.told
        .filter((t: { round: string }) => t.round === 'escalated')
        .map((t: { person: { id: string } }) => t.person.id),
    ).toContain(newcomer.id);
    expect(view.actions).toEqual(['acknowledge', 'close']);
  });
});
