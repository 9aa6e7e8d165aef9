/**
 * Persisting factories for identity tests: each makes a user the way it exists in production and
 * signs it in over HTTP, so a test holds real tokens. Not imported by application code.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { RoleGrant, Session } from '@linli/shared';
import { createApp } from '../../app';
import { captureLogger, testConfig } from '../../platform/testing';
import type { TestApi } from '../../test-support/api';
import { createIdentityModule, type HomesOf, type PersonalDataContributor } from './index';
import { hashPassword } from './passwords';
import { UserModel, type UserFields } from './user-model';

export const STAFF_PASSWORD = 'correct horse battery';

const unique = () => randomBytes(4).toString('hex');
export const objectId = () => randomBytes(12).toString('hex');

export interface Made {
  id: string;
  accessToken: string;
  refreshToken: string;
  session: Session;
}

/** A resident known to WeChat as `openid`, signed in through the (fake) WeChat. */
export async function makeResident(
  api: TestApi,
  overrides: Partial<UserFields> = {},
): Promise<Made & { openid: string }> {
  const openid = `openid-${unique()}`;
  await UserModel.create({ displayName: '张阿姨', wechat: { openid }, ...overrides });
  const res = await request(api.url)
    .post('/api/v1/auth/wechat')
    .send({ code: api.wechat.issueCode(openid) });
  if (res.status !== 200)
    throw new Error(`resident sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { openid, ...fromSession(res.body as Session) };
}

/** A staff account with these grants, signed in with its password. */
export async function makeStaff(
  api: TestApi,
  { grants, username = `staff-${unique()}` }: { grants: RoleGrant[]; username?: string },
): Promise<Made & { username: string }> {
  await UserModel.create({
    username,
    passwordHash: await hashPassword(STAFF_PASSWORD),
    displayName: '工作人员',
    grants,
  });
  const res = await request(api.url).post('/api/v1/auth/staff').send({ username, password: STAFF_PASSWORD });
  if (res.status !== 200) throw new Error(`staff sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, ...fromSession(res.body as Session) };
}

function fromSession(session: Session): Made {
  return {
    id: session.user.id,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    session,
  };
}

/**
 * A second app over the same store and clock as `api`, built from an identity module the test
 * configures itself (homes, personal-data contributors), for what the composition root does not
 * wire yet. Drive it with supertest: `request(app.server)`.
 */
export function identityApp(
  api: TestApi,
  {
    homesOf = async () => [],
    contributors = [],
  }: { homesOf?: HomesOf; contributors?: PersonalDataContributor[] } = {},
) {
  const { logger } = captureLogger();
  const config = testConfig();
  const identity = createIdentityModule({
    config,
    logger,
    events: api.running.events,
    clock: api.clock,
    realtime: {
      toUsers: async () => undefined,
      toRoom: async () => undefined,
      connectedUsers: async () => new Set(),
    },
    wechat: undefined,
    scheduler: api.scheduler,
    uploads: api.running.uploads,
    homesOf,
  });
  for (const contributor of contributors) identity.personalData.register(contributor);
  const app = createApp({
    config,
    logger,
    database: api.running.database,
    authenticator: identity.authenticator,
    modules: identity.apiModules,
  });
  return { server: app.callback(), identity };
}
