import jwt from 'jsonwebtoken';
import request from 'supertest';
import { TEST_SECRET } from '../../platform/testing';
import { startTestApi, type TestApi } from '../../test-support/api';
import { makeResident, makeStaff, STAFF_PASSWORD } from './test-factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const staffSignIn = (username: string, password: string) =>
  request(api.url).post('/api/v1/auth/staff').send({ username, password });
const refresh = (refreshToken: string) =>
  request(api.url).post('/api/v1/auth/refresh').send({ refreshToken });
const me = (accessToken: string) => request(api.url).get('/api/v1/me').set(api.bearer(accessToken));

describe('staff sign-in', () => {
  it('signs in with the right password (username in any case) and never returns the hash', async () => {
    const { username } = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const res = await staffSignIn(username.toUpperCase(), STAFF_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username, grants: [{ role: 'admin' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);
    expect((await me(res.body.accessToken)).body.username).toBe(username);
  });

  it('gives the same 401 for a wrong password and an unknown username', async () => {
    const { username } = await makeStaff(api, { grants: [{ role: 'admin' }] });
    const wrong = await staffSignIn(username, 'not the password');
    const unknown = await staffSignIn('nobody-here', 'not the password');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('locks a username for 15 minutes after 5 failures, even for the right password', async () => {
    const { username } = await makeStaff(api, { grants: [{ role: 'admin' }] });
    for (let i = 0; i < 5; i++) expect((await staffSignIn(username, 'guess-' + i)).status).toBe(401);
    const locked = await staffSignIn(username, STAFF_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // Other names are unaffected.
    const other = await makeStaff(api, { grants: [{ role: 'admin' }] });
    expect((await staffSignIn(other.username, STAFF_PASSWORD)).status).toBe(200);

    api.clock.advance(15 * MINUTE + 1000);
    expect((await staffSignIn(username, STAFF_PASSWORD)).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotates: the new pair works, the used refresh token does not', async () => {
    const resident = await makeResident(api);
    const first = await refresh(resident.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(resident.refreshToken);
    expect(first.body.user.id).toBe(resident.id);
    expect((await me(first.body.accessToken)).status).toBe(200);
    expect((await refresh(first.body.refreshToken)).status).toBe(200);
  });

  it('on reuse of a rotated token revokes the whole family, the newest token too', async () => {
    const resident = await makeResident(api);
    const rotated = await refresh(resident.refreshToken);
    const newest = rotated.body.refreshToken as string;

    const replay = await refresh(resident.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');

    const legit = await refresh(newest);
    expect(legit.status).toBe(401);
    expect(legit.body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('treats simultaneous presentations of one token as reuse: no copy keeps a live session', async () => {
    const resident = await makeResident(api);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(resident.refreshToken)));
    const winners = answers.filter((res) => res.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const res of answers.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    }
    for (const winner of winners) expect((await refresh(winner.body.refreshToken)).status).toBe(401);
  });

  it('expires after the configured 30 days', async () => {
    const resident = await makeResident(api);
    api.clock.advance(30 * DAY + 1000);
    const res = await refresh(resident.refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses an unknown token', async () => {
    const res = await refresh('made-up-token');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('stops working after sign-out, together with the tokens rotated from it', async () => {
    const resident = await makeResident(api);
    const rotated = await refresh(resident.refreshToken);
    const out = await request(api.url)
      .post('/api/v1/auth/sign-out')
      .set(api.bearer(rotated.body.accessToken))
      .send({ refreshToken: rotated.body.refreshToken });
    expect(out.status).toBe(204);
    const after = await refresh(rotated.body.refreshToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it("cannot sign someone else's session out", async () => {
    const victim = await makeResident(api);
    const attacker = await makeResident(api);
    await request(api.url)
      .post('/api/v1/auth/sign-out')
      .set(api.bearer(attacker.accessToken))
      .send({ refreshToken: victim.refreshToken });
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });
});

describe('access tokens', () => {
  it('expire after 15 minutes with TOKEN_EXPIRED, which a refresh cures', async () => {
    const resident = await makeResident(api);
    api.clock.advance(14 * MINUTE);
    expect((await me(resident.accessToken)).status).toBe(200);
    api.clock.advance(2 * MINUTE);
    const expired = await me(resident.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('TOKEN_EXPIRED');
    const renewed = await refresh(resident.refreshToken);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
  });

  it('answer TOKEN_INVALID when forged, of the wrong type, or malformed', async () => {
    const resident = await makeResident(api);
    const iat = Math.floor(api.clock.now().getTime() / 1000);
    const forged = jwt.sign(
      { sub: resident.id, typ: 'access', iat, exp: iat + 600 },
      'a-different-secret-of-32-characters!!',
    );
    const wrongType = jwt.sign({ sub: resident.id, typ: 'refresh', iat, exp: iat + 600 }, TEST_SECRET);
    const noneAlg = jwt.sign({ sub: resident.id, typ: 'access', iat, exp: iat + 600 }, '', {
      algorithm: 'none',
    });
    for (const token of [forged, wrongType, noneAlg, 'not.a.jwt']) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_INVALID');
    }
    // The genuine token still works, so the refusals above are about the tokens.
    expect((await me(resident.accessToken)).status).toBe(200);
  });

  it('answers 401 UNAUTHORIZED without a token', async () => {
    const res = await request(api.url).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });
});
