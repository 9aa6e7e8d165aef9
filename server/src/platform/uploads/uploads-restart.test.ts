/**
 * An upload's expiry survives a restart: uploaded on one server, still deleted 24 h later by the
 * next server started on the same DATA_DIR (its own file: one server per process at a time).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { tempDir } from '../testing';
import { startTestApi } from '../../test-support/api';
import { ABANDON_AFTER_MS } from './index';
import { UploadModel } from './upload-model';

it('deletes an upload abandoned before a restart once its 24 h are up on the next server', async () => {
  const dataDir = tempDir('linli-uploads-restart-');
  const filesOf = (id: string) =>
    (fs.readdirSync(path.join(dataDir, 'uploads'), { recursive: true }) as string[]).filter((f) =>
      f.includes(id),
    );
  try {
    let id: string;
    const before = await startTestApi({ DATA_DIR: dataDir });
    try {
      const session = await request(before.url)
        .post('/api/v1/auth/wechat')
        .send({ code: before.wechat.issueCode('openid-uploads-restart') });
      const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      const res = await request(before.url)
        .post('/api/v1/uploads')
        .set(before.bearer(session.body.accessToken))
        .attach('file', photo, 'a.jpg');
      expect(res.status).toBe(201);
      id = res.body.id;
    } finally {
      await before.stop();
    }

    const after = await startTestApi({ DATA_DIR: dataDir });
    try {
      expect(filesOf(id)).toHaveLength(2);
      after.clock.advance(ABANDON_AFTER_MS - 60_000);
      await after.scheduler.runDue();
      expect(await UploadModel.exists({ _id: id })).not.toBeNull();
      after.clock.advance(60_000);
      expect(await after.scheduler.runDue()).toBeGreaterThanOrEqual(1);
      expect(await UploadModel.exists({ _id: id })).toBeNull();
      expect(filesOf(id)).toEqual([]);
    } finally {
      await after.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
