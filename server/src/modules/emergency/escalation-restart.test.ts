/**
 * A call raised before a restart still escalates on the next server started on the same DATA_DIR
 * (its own file: one server per process at a time).
 */
import fs from 'node:fs';
import request from 'supertest';
import { tempDir } from '../../platform/testing';
import { startTestApi } from '../../test-support/api';
import { as, makeCallWorld, raise } from './test-factories';

it('escalates after a restart, once', async () => {
  const dataDir = tempDir('linli-emergency-restart-');
  const before = await startTestApi({ DATA_DIR: dataDir });
  let alertId: string;
  let dutyId: string;
  try {
    before.clock.set('2031-03-04T02:00:00Z');
    const w = await makeCallWorld(before);
    dutyId = w.onDuty.id;
    alertId = (await raise(before, w.elder.id)).body.alert.id;
  } finally {
    await before.stop();
  }

  const after = await startTestApi({ DATA_DIR: dataDir });
  try {
    after.clock.set('2031-03-04T02:03:00Z');
    expect(await after.scheduler.runDue()).toBeGreaterThanOrEqual(1);
    const view = await request(after.url)
      .get(`/api/v1/emergency/alerts/${alertId}`)
      .set(await as(after, dutyId));
    expect(view.status).toBe(200);
    expect(view.body.escalated).toBe(true);
    expect(await after.scheduler.runDue()).toBe(0);
  } finally {
    await after.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
