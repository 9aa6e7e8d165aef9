import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, REPO_ROOT } from './config';
import { TEST_SECRET, tempDir } from './testing';

describe('loadConfig', () => {
  it('applies the defaults and the environment file', () => {
    const config = loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET } });
    expect(config.env).toBe('test');
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000, jsonLimit: '1mb' });
    expect(config.log.level).toBe('silent');
    expect(config.database.uri).toBeUndefined();
    expect(config.database.dataDir).toBe(path.join(REPO_ROOT, 'data'));
    expect(config.auth).toEqual({
      jwtSecret: TEST_SECRET,
      jwtSecretSource: 'env',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      // Off in tests unless a test turns it on: tests that write records directly expect the next request to see them.
      actorCacheMs: 0,
    });
    expect(config.demo.enabled).toBe(true);
    expect(config.redis.url).toBeUndefined();
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('lets environment variables override, parsed to their types', () => {
    const config = loadConfig({
      env: {
        NODE_ENV: 'test',
        JWT_SECRET: TEST_SECRET,
        PORT: '8080',
        CORS_ORIGINS: 'https://a.example, https://b.example',
        TRUST_PROXY: 'true',
        MONGODB_URI: 'mongodb://127.0.0.1:27017/linli',
      },
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.trustProxy).toBe(true);
    expect(config.cors.origins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.database.uri).toBe('mongodb://127.0.0.1:27017/linli');
  });

  it('fails naming PORT when it is not a port', () => {
    expect(() => loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, PORT: 'abc' } })).toThrow(
      /PORT: .*"abc"/,
    );
    expect(() => loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, PORT: '70000' } })).toThrow(
      /PORT/,
    );
  });

  it('fails naming the variable for other bad values', () => {
    expect(() =>
      loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'loud' } }),
    ).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ env: { NODE_ENV: 'staging' } })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: 'short' } })).toThrow(/JWT_SECRET: .*32/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ env: { NODE_ENV: 'production', DATA_DIR: tempDir() } })).toThrow(
      /JWT_SECRET: is required/,
    );
    const config = loadConfig({ env: { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET } });
    expect(config.database.autoIndex).toBe(false);
  });

  it('generates a secret once in DATA_DIR (mode 0600) and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested');
    const first = loadConfig({ env: { NODE_ENV: 'development', DATA_DIR: dataDir } });
    const file = path.join(dataDir, 'jwt-secret');
    expect(first.auth.jwtSecretSource).toBe('file');
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ env: { NODE_ENV: 'development', DATA_DIR: dataDir } });
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
  });

  it('names the file and key when a config file holds a bad value', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'config'));
    const defaults = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'config/default.json'), 'utf8'));
    defaults.rateLimit.points = -1;
    fs.writeFileSync(path.join(root, 'config/default.json'), JSON.stringify(defaults));
    expect(() => loadConfig({ rootDir: root, env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET } })).toThrow(
      /rateLimit\.points \(in config\/default\.json\)/,
    );
  });

  it('resolves a relative DATA_DIR against the repository root', () => {
    const config = loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, DATA_DIR: './tmp-data' } });
    expect(config.database.dataDir).toBe(path.join(REPO_ROOT, 'tmp-data'));
  });

  it('refuses demo mode in production, naming the variable', () => {
    expect(() =>
      loadConfig({ env: { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, DEMO_MODE: 'true' } }),
    ).toThrow(/DEMO_MODE: demo mode .* cannot be on in production/);
    expect(loadConfig({ env: { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET } }).demo.enabled).toBe(false);
  });

  it('rejects a REDIS_URL that is not a redis URL', () => {
    expect(() =>
      loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, REDIS_URL: 'localhost:6379' } }),
    ).toThrow(/REDIS_URL: must start with redis:\/\//);
  });

  it('takes CLOCK_START as an ISO-8601 instant with a zone; unset by default', () => {
    expect(loadConfig({ env: { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET } }).clock.startAt).toBeUndefined();
    for (const instant of ['2031-03-04T00:30:00Z', '2031-03-04T08:30:00+08:00']) {
      const config = loadConfig({
        env: { NODE_ENV: 'development', JWT_SECRET: TEST_SECRET, CLOCK_START: instant },
      });
      expect(config.clock.startAt).toBe(instant);
    }
  });

  it('fails naming CLOCK_START when it is not an instant with a zone', () => {
    for (const bad of ['tomorrow', '2031-03-04', '2031-03-04T08:30:00', '2031-02-30T00:00:00Z']) {
      expect(() =>
        loadConfig({ env: { NODE_ENV: 'development', JWT_SECRET: TEST_SECRET, CLOCK_START: bad } }),
      ).toThrow(new RegExp(`CLOCK_START: must be an ISO-8601 instant .*"${bad}"`));
    }
  });

  it('refuses CLOCK_START in production, naming the variable', () => {
    expect(() =>
      loadConfig({
        env: { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET, CLOCK_START: '2031-03-04T00:30:00Z' },
      }),
    ).toThrow(/CLOCK_START: a shifted clock is for development and tests/);
  });

  it('polls for due jobs every second by default; SCHEDULER_POLL_MS sets it, 0 turns it off', () => {
    const env = { NODE_ENV: 'test', JWT_SECRET: TEST_SECRET };
    expect(loadConfig({ env }).scheduler.pollMs).toBe(1000);
    expect(loadConfig({ env: { ...env, SCHEDULER_POLL_MS: '0' } }).scheduler.pollMs).toBe(0);
    expect(loadConfig({ env: { ...env, SCHEDULER_POLL_MS: '250' } }).scheduler.pollMs).toBe(250);
    for (const bad of ['-1', '1.5', 'often'])
      expect(() => loadConfig({ env: { ...env, SCHEDULER_POLL_MS: bad } })).toThrow(/SCHEDULER_POLL_MS: /);
  });
});
