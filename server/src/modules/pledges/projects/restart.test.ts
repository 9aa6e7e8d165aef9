/**
 * A project's deadline survives a restart: the job the first server scheduled when the project
 * opened lapses it on a second server started on the same DATA_DIR, once, when its clock gets there.
 */
import fs from 'node:fs';
import { tempDir } from '../../../platform/testing';
import { startTestApi } from '../../../test-support/api';
import { PledgeModel } from '../pledges/model';
import { DEADLINE, call, makeProject, makeResidentIn, makeWorld, needOf } from '../test-factories';

const pledge = (
  a: Parameters<typeof call>[0],
  userId: string,
  projectId: string,
  body: Record<string, unknown>,
) => call(a, userId, 'post', `/pledges/projects/${projectId}/pledges`, body);

it('lapses at the deadline after a restart of the server, from the job the first server scheduled', async () => {
  const dataDir = tempDir('linli-pledges-restart-');
  try {
    const first = await startTestApi({ DATA_DIR: dataDir });
    let ids: { projectId: string; residentId: string; committeeId: string; goods: string };
    try {
      const world = await makeWorld(first);
      const project = await makeProject(first, world);
      const resident = await makeResidentIn(first, world);
      await pledge(first, resident.id, project.id, { needId: needOf(project, 'goods'), quantity: 2 });
      ids = {
        projectId: project.id,
        residentId: resident.id,
        committeeId: world.committee.id,
        goods: needOf(project, 'goods'),
      };
    } finally {
      await first.stop();
    }
    const second = await startTestApi({ DATA_DIR: dataDir });
    try {
      expect(await second.scheduler.runDue()).toBe(0);
      second.clock.set(DEADLINE);
      expect(await second.scheduler.runDue()).toBe(1);
      const view = await call(second, ids.residentId, 'get', `/pledges/projects/${ids.projectId}`);
      expect(view.body.status).toBe('lapsed');
      expect(await PledgeModel.countDocuments({ projectId: ids.projectId, status: 'dropped' })).toBe(1);
      expect(await second.scheduler.runDue()).toBe(0);
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
