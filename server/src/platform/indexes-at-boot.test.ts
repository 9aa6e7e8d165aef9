/**
 * With autoIndex off (production), a server started on a database without its indexes says so at
 * boot, as an error naming each collection, instead of running without its uniqueness rules.
 */
import { startTestApi } from '../test-support/api';

it('says at boot, as an error, which indexes are missing when autoIndex is off', async () => {
  const api = await startTestApi({ MONGODB_AUTO_INDEX: 'false' });
  try {
    const complaints = api.logLines.filter((line) => String(line.msg).startsWith('indexes missing'));
    expect(complaints.map((line) => line.collection)).toEqual(
      expect.arrayContaining(['mealbookings', 'realtime_inbox']),
    );
    expect(complaints.every((line) => line.level === 50)).toBe(true);
  } finally {
    await api.stop();
  }
});
