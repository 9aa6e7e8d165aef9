/**
 * Photos in the discussion: a resident's comment carries her photo, which a neighbour of the same
 * community sees through the signed link and a resident of another community cannot fetch; an
 * upload that is not the commenter's is refused naming the field, and nothing is written.
 */
import sharp from 'sharp';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../test-support/api';
import {
  createConsultation,
  makeUnit,
  makeWorld,
  move,
  placeResidents,
  type Person,
  type World,
} from './test-factories';

let api: TestApi;
let world: World;
let li: Person;
let neighbour: Person;
let outsider: Person;
let consultationId: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await makeWorld(api);
  [li] = await placeResidents(api, await makeUnit(world, world.buildings[0], '101'), 'owner', 1, '李阿姨');
  [neighbour] = await placeResidents(
    api,
    await makeUnit(world, world.buildings[1], '202'),
    'tenant',
    1,
    '张先生',
  );
  const elsewhere = await makeWorld(api, ['9号楼']);
  [outsider] = await placeResidents(
    api,
    await makeUnit(elsewhere, elsewhere.buildings[0], '909'),
    'owner',
    1,
    '外人',
  );
  consultationId = (await createConsultation(api, world)).id;
  await move(api, world, consultationId, 'openDiscussion');
});
afterAll(() => api.stop());

const upload = async (who: Person) => {
  const jpeg = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 160, b: 80 } },
  })
    .jpeg()
    .toBuffer();
  const res = await request(api.url).post('/api/v1/uploads').set(who.auth).attach('file', jpeg, 'swing.jpg');
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const comment = (who: Person, body: Record<string, unknown>) =>
  request(api.url).post(`/api/v1/consultations/${consultationId}/comments`).set(who.auth).send(body);
const commentsSeenBy = async (who: Person) =>
  (await request(api.url).get(`/api/v1/consultations/${consultationId}/comments`).set(who.auth)).body
    .items as { body: string; attachments: { id: string; url: string; thumbUrl: string }[] }[];

describe('photos in the discussion', () => {
  it('a comment with a photo shows it, signed, to a neighbour; another community cannot fetch it', async () => {
    const photo = await upload(li);
    const said = await comment(li, { kind: 'proposal', body: '秋千放在树荫下', attachmentIds: [photo] });
    expect(said.status).toBe(201);
    expect(said.body.attachments).toMatchObject([{ id: photo, width: 64, height: 48 }]);

    const [seen] = (await commentsSeenBy(neighbour)).filter((c) => c.body === '秋千放在树荫下');
    expect(seen.attachments.map((a) => a.id)).toEqual([photo]);
    const full = await request(api.url).get(seen.attachments[0].url);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toMatch(/^image\//);
    expect((await request(api.url).get(seen.attachments[0].thumbUrl)).status).toBe(200);
    // The neighbour's own token reaches it too: she may see the record it belongs to.
    expect((await request(api.url).get(`/api/v1/uploads/${photo}`).set(neighbour.auth)).status).toBe(200);

    // Someone of another community, with a token of their own, does not.
    const foreign = await request(api.url).get(`/api/v1/uploads/${photo}`).set(outsider.auth);
    expect(foreign.status).toBe(404);
    // A signed link that was tampered with gives nothing either.
    const tampered = seen.attachments[0].url.replace(/sig=./, (m) => (m.endsWith('0') ? 'sig=1' : 'sig=0'));
    expect((await request(api.url).get(tampered)).status).toBe(403);
  });

  it('refuses an upload that is not the commenter’s, naming the field, and writes nothing', async () => {
    const before = (await commentsSeenBy(li)).length;
    const mine = await upload(li);
    const theirs = await upload(neighbour);
    const res = await comment(li, { body: '用他的照片', attachmentIds: [mine, theirs] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UPLOADS_NOT_ATTACHABLE');
    expect(res.body.error.details).toMatchObject({ field: 'attachmentIds', uploadIds: [theirs] });
    expect(await commentsSeenBy(li)).toHaveLength(before);
    // All or none: her own photo is still hers to use, and his is still his.
    const retry = await comment(li, { body: '用我自己的照片', attachmentIds: [mine] });
    expect(retry.status).toBe(201);
    expect(retry.body.attachments.map((a: { id: string }) => a.id)).toEqual([mine]);
    const his = await comment(neighbour, { body: '我的照片', attachmentIds: [theirs] });
    expect(his.status).toBe(201);
  });

  it('the committee’s reply carries a photo too', async () => {
    const [first] = await commentsSeenBy(world.committee);
    const plan = await upload(world.committee);
    const reply = await request(api.url)
      .post(`/api/v1/consultations/${consultationId}/comments`)
      .set(world.committee.auth)
      .send({
        kind: 'reply',
        body: '这是修改后的图纸',
        replyTo: (first as unknown as { id: string }).id,
        attachmentIds: [plan],
      });
    expect(reply.status).toBe(201);
    const seen = (await commentsSeenBy(li)).find((c) => c.body === '这是修改后的图纸');
    expect(seen?.attachments.map((a) => a.id)).toEqual([plan]);
    expect((await request(api.url).get(seen!.attachments[0].url)).status).toBe(200);
  });
});
