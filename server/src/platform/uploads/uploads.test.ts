/**
 * Uploads over HTTP against the real app and store: what is refused (and leaves nothing behind),
 * what is kept of an accepted image, who may fetch it, signed links, attaching, and abandonment.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import sharp from 'sharp';
import request from 'supertest';
import type { Actor } from '../context';
import { tempDir } from '../testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { ABANDON_AFTER_MS, EXPIRE_JOB_KIND, type UploadRef } from './index';
import { UploadModel } from './upload-model';

const LIMIT_BYTES = 256 * 1024;
const UPLOADS = '/api/v1/uploads';

let api: TestApi;
let dataDir: string;
let uploadsDir: string;

beforeAll(async () => {
  dataDir = tempDir('linli-uploads-');
  uploadsDir = path.join(dataDir, 'uploads');
  api = await startTestApi({ DATA_DIR: dataDir, UPLOAD_MAX_BYTES: String(LIMIT_BYTES) });
});
afterAll(async () => {
  await api.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Person {
  id: string;
  auth: { Authorization: string };
  actor: Actor;
}

let people = 0;
/** A resident signed in through the (fake) WeChat, which creates the account on first use. */
async function resident(): Promise<Person> {
  const res = await request(api.url)
    .post('/api/v1/auth/wechat')
    .send({ code: api.wechat.issueCode(`openid-uploads-${++people}-${Date.now()}`) });
  expect(res.status).toBe(200);
  const id = res.body.user.id as string;
  return {
    id,
    auth: api.bearer(res.body.accessToken as string),
    actor: { userId: id, grants: [], homes: [], tags: [] },
  };
}

/** Every file under DATA_DIR/uploads, temporary ones included. */
function filesOnDisk(): string[] {
  if (!fs.existsSync(uploadsDir)) return [];
  return (fs.readdirSync(uploadsDir, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(uploadsDir, name)).isFile())
    .sort();
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });

/** A phone photo: 300×200 stored sideways (EXIF orientation 6 = turn 90° clockwise), with a GPS fix. */
async function phonePhotoWithGps(): Promise<Buffer> {
  return solid(300, 200)
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 14/1 2/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 28/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Whether EXIF bytes hold a pointer to a GPS block (tag 0x8825, in either byte order). */
const hasGpsBlock = (exif: Buffer) =>
  exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

/** Pending expiry jobs of one upload in the scheduler's collection. */
const expiryJobsOf = (id: string) =>
  mongoose.connection
    .db!.collection('scheduled_jobs')
    .countDocuments({ kind: EXPIRE_JOB_KIND, key: id, status: 'pending' });

function upload(who: Person, file: Buffer, filename = 'photo.jpg') {
  return request(api.url).post(UPLOADS).set(who.auth).attach('file', file, filename);
}

async function uploaded(who: Person, file?: Buffer): Promise<UploadRef & { bytes: number }> {
  const res = await upload(who, file ?? (await solid(64, 48).jpeg().toBuffer()));
  expect(res.status).toBe(201);
  return res.body;
}

async function fetchImage(url: string, auth?: { Authorization: string }) {
  const req = request(api.url)
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return auth ? req.set(auth) : req;
}

describe('what POST /uploads refuses leaves nothing behind', () => {
  let alice: Person;
  beforeAll(async () => {
    alice = await resident();
  });

  async function expectRefused(send: () => Promise<request.Response>, status: number, code: string) {
    const filesBefore = filesOnDisk();
    const recordsBefore = await UploadModel.countDocuments();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(filesOnDisk()).toEqual(filesBefore);
    expect(await UploadModel.countDocuments()).toBe(recordsBefore);
    return res.body.error as { message: string; details?: Record<string, unknown> };
  }

  it('refuses a stranger', async () => {
    await expectRefused(
      async () =>
        request(api.url)
          .post(UPLOADS)
          .attach('file', await solid(10, 10).jpeg().toBuffer(), 'a.jpg'),
      401,
      'UNAUTHORIZED',
    );
  });

  it('refuses a text file named .jpg with 415, saying which formats work', async () => {
    const error = await expectRefused(
      () =>
        upload(alice, Buffer.from('just some text, not a photo at all'), 'holiday.jpg').set(
          'Accept-Language',
          'en',
        ),
      415,
      'UPLOAD_UNSUPPORTED_TYPE',
    );
    expect(error.message).toMatch(/not an image.*JPEG, PNG or WebP/);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413 naming the limit', async () => {
    // Noise does not compress: this PNG is well over 256 KB.
    const noise = Buffer.alloc(400 * 400 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + (i >> 3) * 104729) % 251;
    const big = await sharp(noise, { raw: { width: 400, height: 400, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(LIMIT_BYTES);
    const error = await expectRefused(
      () => upload(alice, big, 'big.png').set('Accept-Language', 'en'),
      413,
      'UPLOAD_TOO_LARGE',
    );
    expect(error.message).toContain('256 KB');
    expect(error.details).toMatchObject({ limitBytes: LIMIT_BYTES });
  });

  it('refuses an empty file, naming the field', async () => {
    const error = await expectRefused(() => upload(alice, Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    expect(error.details?.fields).toEqual([
      expect.objectContaining({ location: 'body', path: 'file', reason: 'custom' }),
    ]);
  });

  it('refuses a form without the file field, naming the field', async () => {
    const error = await expectRefused(
      () => request(api.url).post(UPLOADS).set(alice.auth).field('caption', 'no photo here'),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details?.fields).toEqual([expect.objectContaining({ path: 'file', reason: 'required' })]);
  });

  it('refuses JSON instead of multipart, saying how to send it', async () => {
    const error = await expectRefused(
      () => request(api.url).post(UPLOADS).set(alice.auth).set('Accept-Language', 'en').send({ file: 'abc' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(error.details)).toContain('multipart/form-data');
  });

  it('refuses the image under another field name, naming that field', async () => {
    const error = await expectRefused(
      async () =>
        request(api.url)
          .post(UPLOADS)
          .set(alice.auth)
          .attach('photo', await solid(10, 10).jpeg().toBuffer(), 'a.jpg'),
      400,
      'VALIDATION_FAILED',
    );
    expect(error.details?.fields).toEqual([
      expect.objectContaining({ path: 'photo', reason: 'unrecognized_keys' }),
    ]);
  });

  it('refuses a broken multipart body with 400, not 500', async () => {
    await expectRefused(
      () =>
        request(api.url)
          .post(UPLOADS)
          .set(alice.auth)
          .set('Content-Type', 'multipart/form-data; boundary=xyz')
          .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nhalf a fi'),
      400,
      'BAD_REQUEST',
    );
  });

  it('refuses a JPEG cut off half-way as damaged', async () => {
    const photo = await solid(200, 200).jpeg().toBuffer();
    await expectRefused(() => upload(alice, photo.subarray(0, photo.length >> 1)), 400, 'UPLOAD_DAMAGED');
  });

  it('refuses HEIF (here AVIF; this libvips has no HEVC decoder for iPhone HEIC) with 415 and what to do', async () => {
    const avif = await solid(64, 64).avif().toBuffer();
    const error = await expectRefused(
      () => upload(alice, avif, 'IMG_0001.HEIC').set('Accept-Language', 'en'),
      415,
      'UPLOAD_UNSUPPORTED_TYPE',
    );
    expect(error.message).toContain('Most Compatible');
  });

  it('refuses GIF even though it is an image', async () => {
    const gif = await solid(16, 16).gif().toBuffer();
    await expectRefused(() => upload(alice, gif, 'a.gif'), 415, 'UPLOAD_UNSUPPORTED_TYPE');
  });
});

describe('what is kept of an accepted image', () => {
  let alice: Person;
  beforeAll(async () => {
    alice = await resident();
  });

  it('turns a phone photo upright and drops its EXIF and GPS position', async () => {
    const original = await phonePhotoWithGps();
    const before = await sharp(original).metadata();
    expect(hasGpsBlock(before.exif!)).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(alice, original);
    expect(res.status).toBe(201);
    // Sideways 300×200 with "turn 90°" becomes an upright 200×300.
    expect(res.body).toEqual({
      id: expect.any(String),
      width: 200,
      height: 300,
      bytes: expect.any(Number),
      contentType: 'image/jpeg',
    });

    const stored = await fetchImage(`${UPLOADS}/${res.body.id}`, alice.auth);
    expect(stored.status).toBe(200);
    expect(stored.body.length).toBe(res.body.bytes);
    const after = await sharp(stored.body as Buffer).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect((stored.body as Buffer).includes(Buffer.from('TestPhone'))).toBe(false);
  });

  it('stores a large transparent PNG as a JPEG capped at 2560 px, with a 320 px thumbnail', async () => {
    const png = await sharp({
      create: { width: 3000, height: 1000, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const res = await upload(alice, png, 'screenshot.png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 2560, height: 853, contentType: 'image/jpeg' });

    const full = await fetchImage(`${UPLOADS}/${res.body.id}`, alice.auth);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(full.body as Buffer).metadata()).toMatchObject({
      format: 'jpeg',
      width: 2560,
      height: 853,
      hasAlpha: false,
    });

    const thumb = await fetchImage(`${UPLOADS}/${res.body.id}/thumb`, alice.auth);
    expect(thumb.status).toBe(200);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({
      format: 'jpeg',
      width: 320,
      height: 107,
    });
  });

  it('accepts WebP, and never enlarges a small image', async () => {
    const webp = await solid(120, 90).webp().toBuffer();
    const res = await upload(alice, webp, 'sticker.webp');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ width: 120, height: 90, contentType: 'image/jpeg' });
    const thumb = await fetchImage(`${UPLOADS}/${res.body.id}/thumb`, alice.auth);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ width: 120, height: 90 });
  });

  it('keeps the two encodings under DATA_DIR/uploads and a pending record', async () => {
    const { id } = await uploaded(alice);
    expect(filesOnDisk().filter((f) => f.includes(id))).toEqual([
      `${id.slice(-2)}/${id}.jpg`,
      `${id.slice(-2)}/${id}.thumb.jpg`,
    ]);
    expect(filesOnDisk().some((f) => path.basename(f).startsWith('.tmp-'))).toBe(false);
    expect(await UploadModel.findById(id).lean()).toMatchObject({ uploaderId: alice.id, state: 'pending' });
  });

  it('is documented with a multipart/form-data body', async () => {
    const res = await request(api.url).get('/api/openapi.json');
    const post = res.body.paths['/api/v1/uploads'].post;
    expect(post.requestBody.content['multipart/form-data'].schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(post.responses).toHaveProperty('413');
    expect(post.responses).toHaveProperty('415');
  });
});

describe('who may fetch an upload', () => {
  let alice: Person;
  let bob: Person;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([resident(), resident()]);
    // Test kinds: 'sealedRecord' shows its photos to nobody by token, 'bobsRecord' only to Bob.
    api.running.uploads.registerAccess('sealedRecord', async () => false);
    api.running.uploads.registerAccess(
      'bobsRecord',
      async (actor, recordId) => actor.userId === bob.id && recordId === 'r-1',
    );
  });

  it('serves a pending upload to its uploader, privately and never sniffed', async () => {
    const { id } = await uploaded(alice);
    const res = await fetchImage(`${UPLOADS}/${id}`, alice.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toMatch(/^private/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers another resident 404, the same as for an id that does not exist', async () => {
    const { id } = await uploaded(alice);
    const theirs = await request(api.url).get(`${UPLOADS}/${id}`).set(bob.auth);
    const nobodys = await request(api.url).get(`${UPLOADS}/${new mongoose.Types.ObjectId()}`).set(bob.auth);
    expect(theirs.status).toBe(404);
    expect(nobodys.status).toBe(404);
    expect(theirs.body.error.message).toBe(nobodys.body.error.message);
    expect((await request(api.url).get(`${UPLOADS}/${id}/thumb`).set(bob.auth)).status).toBe(404);
  });

  it('asks a caller with neither link nor token to sign in', async () => {
    const { id } = await uploaded(alice);
    expect((await request(api.url).get(`${UPLOADS}/${id}`)).status).toBe(401);
  });

  it("once attached, serves it only to whom the kind's registered check allows", async () => {
    const sealed = await uploaded(alice);
    await api.running.uploads.attach(alice.actor, [sealed.id], { kind: 'sealedRecord', recordId: 'r-1' });
    expect((await request(api.url).get(`${UPLOADS}/${sealed.id}`).set(alice.auth)).status).toBe(404);
    expect((await request(api.url).get(`${UPLOADS}/${sealed.id}`).set(bob.auth)).status).toBe(404);

    const shown = await uploaded(alice);
    await api.running.uploads.attach(alice.actor, [shown.id], { kind: 'bobsRecord', recordId: 'r-1' });
    expect((await fetchImage(`${UPLOADS}/${shown.id}`, bob.auth)).status).toBe(200);
    expect((await fetchImage(`${UPLOADS}/${shown.id}/thumb`, bob.auth)).status).toBe(200);
    expect((await request(api.url).get(`${UPLOADS}/${shown.id}`).set(alice.auth)).status).toBe(404);
  });

  it('a kind nobody registered shows its photos to nobody by token', async () => {
    const { id } = await uploaded(alice);
    await api.running.uploads.attach(alice.actor, [id], { kind: 'unregisteredKind', recordId: 'x' });
    expect((await request(api.url).get(`${UPLOADS}/${id}`).set(alice.auth)).status).toBe(404);
  });
});

describe('signed links', () => {
  let alice: Person;
  let view: { url: string; thumbUrl: string; id: string };
  beforeAll(async () => {
    alice = await resident();
    const ref = await uploaded(alice);
    const [attached] = await api.running.uploads.attach(alice.actor, [ref.id], {
      kind: 'sealedRecord',
      recordId: 'r-2',
    });
    [view] = api.running.uploads.present([attached]);
  });

  it('serve the image and its thumbnail without a bearer token', async () => {
    const full = await fetchImage(view.url);
    expect(full.status).toBe(200);
    expect(await sharp(full.body as Buffer).metadata()).toMatchObject({ width: 64, height: 48 });
    expect(full.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    const thumb = await fetchImage(view.thumbUrl);
    expect(thumb.status).toBe(200);
  });

  it('refuse a tampered signature, a borrowed one and a moved expiry with 403', async () => {
    const url = new URL(view.url, api.url);
    const sig = url.searchParams.get('sig')!;
    const exp = Number(url.searchParams.get('exp'));
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${UPLOADS}/${view.id}?exp=${exp}&sig=${flipped}`,
      // The full image's signature does not open the thumbnail, nor another upload.
      `${UPLOADS}/${view.id}/thumb?exp=${exp}&sig=${sig}`,
      `${UPLOADS}/${new mongoose.Types.ObjectId()}?exp=${exp}&sig=${sig}`,
      `${UPLOADS}/${view.id}?exp=${exp + 3600}&sig=${sig}`,
      `${UPLOADS}/${view.id}?sig=${sig}`,
    ]) {
      const res = await request(api.url).get(bad).set('Accept-Language', 'en');
      expect({ bad, status: res.status }).toEqual({ bad, status: 403 });
      expect(res.body.error.code).toBe('UPLOAD_LINK_INVALID');
    }
  });

  it('stop working once expired', async () => {
    const [fresh] = api.running.uploads.present([{ id: view.id, width: 64, height: 48 }]);
    expect((await fetchImage(fresh.url)).status).toBe(200);
    api.clock.advance(2 * 60 * 60 * 1000);
    const res = await request(api.url).get(fresh.url);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('UPLOAD_LINK_INVALID');
  });
});

describe('attaching', () => {
  let alice: Person;
  let bob: Person;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([resident(), resident()]);
  });

  const stateOf = async (id: string) => (await UploadModel.findById(id).lean())?.state;

  it("attaches the uploader's pending uploads and answers their refs in order", async () => {
    const [a, b] = [await uploaded(alice), await uploaded(alice)];
    const refs = await api.running.uploads.attach(alice.actor, [b.id, a.id, b.id], {
      kind: 'ticket',
      recordId: 't1',
    });
    expect(refs).toEqual([
      { id: b.id, width: b.width, height: b.height },
      { id: a.id, width: a.width, height: a.height },
    ]);
    expect(await UploadModel.findById(a.id).lean()).toMatchObject({
      state: 'attached',
      owner: { kind: 'ticket', recordId: 't1' },
    });
    // Retrying for the same record is fine; another record cannot take them.
    await expect(
      api.running.uploads.attach(alice.actor, [a.id], { kind: 'ticket', recordId: 't1' }),
    ).resolves.toHaveLength(1);
    await expect(
      api.running.uploads.attach(alice.actor, [a.id], { kind: 'ticket', recordId: 't2' }),
    ).rejects.toMatchObject({
      code: 'UPLOADS_NOT_ATTACHABLE',
      details: { uploadIds: [a.id] },
    });
  });

  it("refuses someone else's upload, names it, and attaches none of the batch", async () => {
    const mine = await uploaded(alice);
    const theirs = await uploaded(bob);
    const unknown = String(new mongoose.Types.ObjectId());
    await expect(
      api.running.uploads.attach(alice.actor, [mine.id, theirs.id, unknown, 'not-an-id'], {
        kind: 'ticket',
        recordId: 't3',
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'UPLOADS_NOT_ATTACHABLE',
      details: { uploadIds: [theirs.id, unknown, 'not-an-id'] },
    });
    expect(await stateOf(mine.id)).toBe('pending');
    expect(await expiryJobsOf(mine.id)).toBe(1);
    expect(await stateOf(theirs.id)).toBe('pending');
    expect(await UploadModel.countDocuments({ 'owner.recordId': 't3' })).toBe(0);
    // Still Alice's to use.
    await expect(
      api.running.uploads.attach(alice.actor, [mine.id], { kind: 'ticket', recordId: 't4' }),
    ).resolves.toHaveLength(1);
  });

  it('gives one upload to exactly one of two records attaching it at once', async () => {
    const { id } = await uploaded(alice);
    const results = await Promise.allSettled(
      ['r-a', 'r-b', 'r-c', 'r-d'].map((recordId) =>
        api.running.uploads.attach(alice.actor, [id], { kind: 'ticket', recordId }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await UploadModel.countDocuments({ _id: id, state: 'attached' })).toBe(1);
  });
});

describe('abandoned, removed and erased uploads', () => {
  // Stepping the clock a day expires access tokens: each test signs its people in afresh.
  let alice: Person;
  beforeEach(async () => {
    alice = await resident();
  });

  const hasFiles = (id: string) => filesOnDisk().some((f) => f.includes(id));

  it('deletes a pending upload nobody attached within 24 h (its scheduled job), files and record', async () => {
    const abandoned = await uploaded(alice);
    const kept = await uploaded(alice);
    expect(await expiryJobsOf(abandoned.id)).toBe(1);
    await api.running.uploads.attach(alice.actor, [kept.id], { kind: 'ticket', recordId: 'keep' });
    // Attaching cancels the job.
    expect(await expiryJobsOf(kept.id)).toBe(0);

    api.clock.advance(ABANDON_AFTER_MS - 60_000);
    await api.scheduler.runDue();
    expect(await UploadModel.exists({ _id: abandoned.id })).not.toBeNull();
    expect(hasFiles(abandoned.id)).toBe(true);

    api.clock.advance(60_000);
    await api.scheduler.runDue();
    expect(await UploadModel.exists({ _id: abandoned.id })).toBeNull();
    expect(hasFiles(abandoned.id)).toBe(false);
    expect(await UploadModel.exists({ _id: kept.id })).not.toBeNull();
    expect(hasFiles(kept.id)).toBe(true);
    // The handler runs at least once: again, it changes nothing.
    await expect(api.running.uploads.expire(abandoned.id)).resolves.toBe(false);
    await expect(api.running.uploads.expire(kept.id)).resolves.toBe(false);
  });

  it('cannot attach an upload past its 24 h even before the job ran, and the sweep deletes it too', async () => {
    const late = await uploaded(alice);
    api.clock.advance(ABANDON_AFTER_MS);
    await expect(
      api.running.uploads.attach(alice.actor, [late.id], { kind: 'ticket', recordId: 'late' }),
    ).rejects.toMatchObject({ code: 'UPLOADS_NOT_ATTACHABLE', details: { uploadIds: [late.id] } });
    // Without the scheduler (a one-off cleanup), the sweep finds it.
    expect(await api.running.uploads.expireAbandoned()).toBeGreaterThanOrEqual(1);
    expect(await UploadModel.exists({ _id: late.id })).toBeNull();
    expect(hasFiles(late.id)).toBe(false);
  });

  it('a job that comes after an attach leaves the upload alone', async () => {
    const { id } = await uploaded(alice);
    // As if the cancel was lost: the job is put back and falls due after the attach.
    await api.running.uploads.attach(alice.actor, [id], { kind: 'ticket', recordId: 'raced' });
    await api.scheduler.schedule({ kind: EXPIRE_JOB_KIND, key: id, dueAt: api.clock.now() });
    api.clock.advance(ABANDON_AFTER_MS);
    await api.scheduler.runDue();
    expect(await UploadModel.findById(id).lean()).toMatchObject({ state: 'attached' });
    expect(hasFiles(id)).toBe(true);
  });

  it("removeFor deletes a record's uploads and their signed links stop working", async () => {
    const { id } = await uploaded(alice);
    const [ref] = await api.running.uploads.attach(alice.actor, [id], { kind: 'ticket', recordId: 'gone' });
    const [view] = api.running.uploads.present([ref]);
    await api.running.uploads.removeFor({ kind: 'ticket', recordId: 'gone' });
    await api.running.uploads.removeFor({ kind: 'ticket', recordId: 'gone' });
    expect(hasFiles(id)).toBe(false);
    expect((await request(api.url).get(view.url)).status).toBe(404);
  });

  it('are in "download my data", and "delete my account" removes them, files included', async () => {
    const dave = await resident();
    const photo = await uploaded(dave);
    const exported = await request(api.url).get('/api/v1/me/export').set(dave.auth);
    expect(exported.status).toBe(200);
    expect(exported.body.uploads).toEqual([
      expect.objectContaining({ id: photo.id, state: 'pending', owner: null }),
    ]);

    const deleted = await request(api.url).delete('/api/v1/me').set(dave.auth).send({ confirm: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await UploadModel.exists({ _id: photo.id })).toBeNull();
    expect(hasFiles(photo.id)).toBe(false);
  });

  it("lists a person's uploads for their export and erases them all", async () => {
    const carol = await resident();
    const pending = await uploaded(carol);
    const attached = await uploaded(carol);
    await api.running.uploads.attach(carol.actor, [attached.id], { kind: 'ticket', recordId: 'c1' });
    const other = await uploaded(alice);

    const listed = await api.running.uploads.listByUploader(carol.id);
    expect(listed.map((u) => [u.id, u.state, u.owner])).toEqual([
      [pending.id, 'pending', null],
      [attached.id, 'attached', { kind: 'ticket', recordId: 'c1' }],
    ]);

    await api.running.uploads.removeByUploader(carol.id);
    expect(await api.running.uploads.listByUploader(carol.id)).toEqual([]);
    expect(hasFiles(pending.id) || hasFiles(attached.id)).toBe(false);
    expect(hasFiles(other.id)).toBe(true);
  });
});
