import request from 'supertest';
import { startTestApi, type TestApi } from './api';

describe('the API test harness', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  it('serves the real app on loopback, backed by the embedded store', async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await request(api.url).get('/api/health');
    expect(res.body).toMatchObject({ status: 'ok', db: 'embedded' });
  });
});
