/**
 * Emergency calls over HTTP and socket.io with the real store: a press reaches the carer and the
 * duty staff live, the carer acknowledges in one tap and the elder sees who is coming, staff close
 * it with an outcome; twenty presses at once make one call; nobody outside the circle sees it.
 */
import request from 'supertest';
import type { TestClient } from '../../platform/realtime/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeCommunity, makeHousehold } from '../communities/test-factories';
import { makeStaff } from '../identity/test-factories';
import { closeAll, eventsNamed, listen, makeCarer } from '../meals/test-people';
import { committeeOf, makeMember } from '../membership/test-factories';
import { Types } from 'mongoose';
import { WellnessAlertModel } from '../meals/wellness-model';
import { EmergencyAlertModel } from './model';
import { as, makeCallWorld, raise } from './test-factories';

let api: TestApi;
const clients: TestClient[] = [];
beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '10000', WECHAT_EMERGENCY_TEMPLATE_ID: 'tpl-emergency' });
  api.clock.set('2031-03-04T02:00:00Z');
});
afterAll(async () => {
  closeAll(clients);
  await api.stop();
});

async function connect(...userIds: string[]) {
  const connected = await listen(api, userIds);
  clients.push(...connected);
  return connected;
}

const get = async (userId: string, path: string) =>
  request(api.url)
    .get(`/api/v1${path}`)
    .set(await as(api, userId));
const post = async (userId: string, path: string, body: Record<string, unknown> = {}) =>
  request(api.url)
    .post(`/api/v1${path}`)
    .set(await as(api, userId))
    .send(body);

describe('a call for help', () => {
  it('reaches the carer and the duty staff live; the carer acknowledges and the elder sees who is coming', async () => {
    const w = await makeCallWorld(api);
    const [elderClient, carerClient, dutyClient, committeeClient] = await connect(
      w.elder.id,
      w.carer.id,
      w.onDuty.id,
      w.committee.id,
    );
    await request(api.url)
      .post('/api/v1/notifications/subscriptions')
      .set(await as(api, w.carer.id))
      .send({ template: 'emergency', accepted: true })
      .expect(200);
    const sentBefore = api.wechat.sentMessages.length;

    const raised = await raise(api, w.elder.id, {
      location: { datum: 'GCJ-02', latitude: 31.2304, longitude: 121.4737, accuracyM: 30 },
    });
    expect(raised.status).toBe(201);
    expect(raised.body.joined).toBe(false);
    const alert = raised.body.alert;
    expect(alert).toMatchObject({
      person: { id: w.elder.id },
      communityId: w.community.id,
      householdId: w.household.id,
      buildingName: '3号楼',
      unit: '2-301',
      status: 'open',
      escalated: false,
      presses: 1,
      location: { datum: 'GCJ-02', latitude: 31.2304, longitude: 121.4737, accuracyM: 30 },
      actions: [],
    });
    // Who has been told, as the elder's screen shows it: the carer and the duty member, not the
    // committee member who is off duty.
    expect(
      alert.told.map((t: { person: { id: string }; role: string }) => [t.person.id, t.role]).sort(),
    ).toEqual(
      [
        [w.carer.id, 'carer'],
        [w.onDuty.id, 'duty'],
      ].sort(),
    );

    const told = { alertId: alert.id, personId: w.elder.id, status: 'open', change: 'raised' };
    expect((await carerClient.event('emergency.alertChanged')).payload).toMatchObject(told);
    expect((await dutyClient.event('emergency.alertChanged')).payload).toMatchObject(told);
    expect((await elderClient.event('emergency.alertChanged')).payload).toMatchObject(told);
    // WeChat: only the carer granted the emergency template.
    await waitFor(() => api.wechat.sentMessages.length > sentBefore);
    const sent = api.wechat.sentMessages.slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: w.carer.openid, template_id: 'tpl-emergency' });

    const carerView = await get(w.carer.id, `/emergency/alerts/${alert.id}`);
    expect(carerView.body.actions).toEqual(['acknowledge']);
    const dutyView = await get(w.onDuty.id, `/emergency/alerts/${alert.id}`);
    expect(dutyView.body.actions).toEqual(['acknowledge', 'close']);

    api.clock.advance(70_000);
    const ack = await post(w.carer.id, `/emergency/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: w.carer.id },
      secondsToAcknowledge: 70,
      actions: [],
    });
    await elderClient.next(
      (r) => r.event === 'emergency.alertChanged' && r.payload.change === 'acknowledged',
    );
    const elderView = await get(w.elder.id, `/emergency/alerts/${alert.id}`);
    expect(elderView.body.acknowledgedBy).toMatchObject({
      id: w.carer.id,
      displayName: w.carer.session.user.displayName,
    });

    // A second acknowledgement is refused and names who is coming.
    const again = await post(w.onDuty.id, `/emergency/alerts/${alert.id}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.error.details.acknowledgedBy).toBe(w.carer.id);

    // The carer cannot close it; the duty member closes it with an outcome, and the elder sees it.
    expect(
      (await post(w.carer.id, `/emergency/alerts/${alert.id}/close`, { outcome: 'helpedAtHome', note: 'x' }))
        .status,
    ).toBe(403);
    const bad = await post(w.onDuty.id, `/emergency/alerts/${alert.id}/close`, { outcome: 'nap' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toMatchObject({ path: 'outcome' });
    expect((await get(w.elder.id, `/emergency/alerts/${alert.id}`)).body.status).toBe('acknowledged');
    const closed = await post(w.onDuty.id, `/emergency/alerts/${alert.id}/close`, {
      outcome: 'helpedAtHome',
      note: '老人摔倒，已扶起，无大碍',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'helpedAtHome',
      closedBy: { id: w.onDuty.id },
    });
    await carerClient.next((r) => r.event === 'emergency.alertChanged' && r.payload.change === 'closed');
    const carerScreen = await get(w.carer.id, '/emergency/care');
    expect(carerScreen.body.emergency[0]).toMatchObject({
      id: alert.id,
      outcome: 'helpedAtHome',
      closeNote: '老人摔倒，已扶起，无大碍',
    });
    // The off-duty committee member was never told and heard nothing.
    expect(eventsNamed(committeeClient, 'emergency.alertChanged')).toEqual([]);

    // Closed, the next press is a new call.
    const next = await raise(api, w.elder.id);
    expect(next.status).toBe(201);
    expect(next.body.alert.id).not.toBe(alert.id);
  });

  it('twenty presses at once make one call, the others join it', async () => {
    const w = await makeCallWorld(api);
    const results = await Promise.all(Array.from({ length: 20 }, () => raise(api, w.elder.id)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201].sort());
    const ids = new Set(results.map((r) => r.body.alert.id));
    expect(ids.size).toBe(1);
    expect(await EmergencyAlertModel.countDocuments({ personId: w.elder.id })).toBe(1);
    const [view] = (await get(w.elder.id, '/emergency/alerts/mine')).body;
    expect(view.presses).toBe(20);
    // Told once, not twenty times.
    expect(view.told).toHaveLength(2);
  });

  it('needs a verified home, and refuses a household that is not mine, naming the field', async () => {
    const w = await makeCallWorld(api);
    const homeless = await makeStaff(api, { grants: [] });
    expect((await raise(api, homeless.id)).status).toBe(409);
    const other = await makeHousehold({ community: w.community });
    const res = await raise(api, w.elder.id, { householdId: other.id });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('householdId');
    expect(await EmergencyAlertModel.countDocuments({ personId: w.elder.id })).toBe(0);
    const badLocation = await raise(api, w.elder.id, {
      location: { datum: 'BD-09', latitude: 1, longitude: 2 },
    });
    expect(badLocation.status).toBe(400);
    expect(await EmergencyAlertModel.countDocuments({ personId: w.elder.id })).toBe(0);
    // A browser's WGS-84 fix is kept with its datum (the h5 app cannot ask for GCJ-02).
    const fromBrowser = await raise(api, w.elder.id, {
      location: { datum: 'WGS-84', latitude: 31.2304, longitude: 121.4737 },
    });
    expect(fromBrowser.status).toBe(201);
    expect(fromBrowser.body.alert.location).toEqual({
      datum: 'WGS-84',
      latitude: 31.2304,
      longitude: 121.4737,
    });
  });
});

describe('who sees a call', () => {
  it('a carer of another elder and staff of another community never see it; an off-duty committee member does not until escalation', async () => {
    const w = await makeCallWorld(api);
    const otherCommunity = await makeCommunity();
    const otherStaff = await makeStaff(api, {
      grants: [{ role: 'committee', communityId: otherCommunity.id, duty: true }],
    });
    const otherElder = await makeMember(api, { community: w.community, committee: w.committee });
    const otherCarer = await makeCarer(api, otherElder.id);
    const neighbour = await makeMember(api, { community: w.community, committee: w.committee });
    const { body } = await raise(api, w.elder.id);
    const id = body.alert.id;

    for (const outsider of [otherStaff, otherCarer, neighbour, w.committee]) {
      expect((await get(outsider.id, `/emergency/alerts/${id}`)).status).toBe(404);
      expect((await post(outsider.id, `/emergency/alerts/${id}/acknowledge`)).status).toBe(404);
    }
    expect((await get(otherCarer.id, '/emergency/care')).body.emergency).toEqual([]);
    expect((await get(otherStaff.id, `/emergency/communities/${w.community.id}/alerts`)).status).toBe(403);
    const offDutyScreen = await get(w.committee.id, `/emergency/communities/${w.community.id}/alerts`);
    expect(offDutyScreen.status).toBe(200);
    expect(offDutyScreen.body.emergency).toEqual([]);
    const dutyScreen = await get(w.onDuty.id, `/emergency/communities/${w.community.id}/alerts`);
    expect(dutyScreen.body.emergency.map((a: { id: string }) => a.id)).toEqual([id]);
    // The elder cannot acknowledge their own call.
    expect((await post(w.elder.id, `/emergency/alerts/${id}/acknowledge`)).status).toBe(409);

    // Escalated (nobody answered in 3 minutes), the whole circle widens to the committee's view.
    api.clock.advance(3 * 60_000);
    await api.scheduler.runDue();
    const escalated = await get(w.committee.id, `/emergency/alerts/${id}`);
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ escalated: true, actions: ['acknowledge', 'close'] });
    expect((await get(otherStaff.id, `/emergency/alerts/${id}`)).status).toBe(404);
    expect((await get(otherCarer.id, `/emergency/alerts/${id}`)).status).toBe(404);
  });

  it('with nobody on duty, the committee is told at once', async () => {
    const community = await makeCommunity();
    const committee = await committeeOf(api, community);
    const elder = await makeMember(api, { community, committee });
    const { body } = await raise(api, elder.id);
    expect(
      body.alert.told.map((t: { person: { id: string }; role: string }) => [t.person.id, t.role]),
    ).toEqual([[committee.id, 'committee']]);
    expect((await get(committee.id, `/emergency/alerts/${body.alert.id}`)).body.actions).toEqual([
      'acknowledge',
      'close',
    ]);
  });
});

describe('the duty roster', () => {
  it('the committee puts a member on duty, who then hears of calls; staff of another community cannot', async () => {
    const w = await makeCallWorld(api);
    const roster = await get(w.committee.id, `/emergency/communities/${w.community.id}/duty`);
    expect(roster.status).toBe(200);
    expect(
      roster.body.members.map((m: { person: { id: string }; onDuty: boolean }) => [m.person.id, m.onDuty]),
    ).toEqual([
      [w.committee.id, false],
      [w.onDuty.id, true],
    ]);
    const outsider = await committeeOf(api, await makeCommunity());
    const put = async (by: string, userId: string, onDuty: boolean) =>
      request(api.url)
        .put(`/api/v1/emergency/communities/${w.community.id}/duty/${userId}`)
        .set(await as(api, by))
        .send({ onDuty });
    expect((await put(outsider.id, w.committee.id, true)).status).toBe(403);
    expect((await put(w.committee.id, w.elder.id, true)).status).toBe(404);
    const changed = await put(w.onDuty.id, w.committee.id, true);
    expect(changed.status).toBe(200);
    expect(changed.body.members.every((m: { onDuty: boolean }) => m.onDuty)).toBe(true);
    const audit = await get(
      w.committee.id,
      `/audit?communityId=${w.community.id}&subjectUserId=${w.committee.id}`,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'committee.duty',
      actorId: w.onDuty.id,
      before: { onDuty: false },
      after: { onDuty: true },
    });

    const { body } = await raise(api, w.elder.id);
    expect(body.alert.told.map((t: { person: { id: string } }) => t.person.id)).toContain(w.committee.id);
  });
});

describe('the care screens tie in wellness alerts', () => {
  it('a carer and the committee see meals wellness alerts beside the calls', async () => {
    const w = await makeCallWorld(api);
    const other = await makeCallWorld(api);
    // As the meals module records one when a delivery found nobody answering (its own tests drive that).
    const wellness = await WellnessAlertModel.create({
      elderId: w.elder.id,
      bookingId: new Types.ObjectId(),
      communityId: w.community.id,
      providerId: new Types.ObjectId(),
      householdId: w.household.id,
      date: '2031-03-04',
      meal: 'lunch',
      raisedBy: new Types.ObjectId(),
      raisedAt: api.clock.now(),
      reportNote: '敲门无人应答',
      status: 'open',
    });
    const { body: call } = await raise(api, w.elder.id);
    const carerScreen = await get(w.carer.id, '/emergency/care');
    expect(carerScreen.status).toBe(200);
    expect(carerScreen.body.emergency.map((a: { id: string }) => a.id)).toEqual([call.alert.id]);
    expect(carerScreen.body.wellness).toMatchObject([
      { id: String(wellness._id), elder: { id: w.elder.id } },
    ]);
    const dutyScreen = await get(w.onDuty.id, `/emergency/communities/${w.community.id}/alerts`);
    expect(dutyScreen.body.emergency.map((a: { id: string }) => a.id)).toEqual([call.alert.id]);
    expect(dutyScreen.body.wellness.map((a: { id: string }) => a.id)).toEqual([String(wellness._id)]);
    // Another elder's carer and another community's duty staff see neither.
    expect((await get(other.carer.id, '/emergency/care')).body).toEqual({ emergency: [], wellness: [] });
    expect((await get(other.onDuty.id, `/emergency/communities/${other.community.id}/alerts`)).body).toEqual({
      emergency: [],
      wellness: [],
    });
  });
});

describe('personal data', () => {
  it("a person's calls are in their export and gone with their account; a carer's being told is pulled", async () => {
    const w = await makeCallWorld(api);
    const { body } = await raise(api, w.elder.id, {
      location: { datum: 'GCJ-02', latitude: 31.2, longitude: 121.4 },
    });
    const exported = await get(w.elder.id, '/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.emergency).toEqual([
      expect.objectContaining({
        id: body.alert.id,
        location: { datum: 'GCJ-02', latitude: 31.2, longitude: 121.4 },
      }),
    ]);

    // The carer deleting their account leaves the elder's call, without the carer in it.
    const carerGone = await request(api.url)
      .delete('/api/v1/me')
      .set(await as(api, w.carer.id))
      .send({ confirm: 'DELETE' });
    expect(carerGone.status).toBeLessThan(300);
    const kept = await get(w.onDuty.id, `/emergency/alerts/${body.alert.id}`);
    expect(kept.body.told.map((t: { person: { id: string } }) => t.person.id)).toEqual([w.onDuty.id]);

    const gone = await request(api.url)
      .delete('/api/v1/me')
      .set(await as(api, w.elder.id))
      .send({ confirm: 'DELETE' });
    expect(gone.status).toBeLessThan(300);
    expect(await EmergencyAlertModel.countDocuments({ personId: w.elder.id })).toBe(0);
    expect((await get(w.onDuty.id, `/emergency/alerts/${body.alert.id}`)).status).toBe(404);
    // Its escalation went with it: nothing is due for it any more.
    api.clock.advance(3 * 60_000);
    await api.scheduler.runDue();
    expect(await EmergencyAlertModel.countDocuments({ _id: body.alert.id })).toBe(0);
  });
});

async function waitFor(condition: () => boolean, ms = 3000) {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}
