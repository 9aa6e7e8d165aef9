/**
 * Configuration, decided once at boot: config/default.json, overlaid by config/<NODE_ENV>.json,
 * overlaid by environment variables, then validated. A bad value stops the process with a message
 * naming where it came from (the variable, or the file and key) so an operator can fix it without
 * reading code. The result is a frozen object handed to whoever needs it; nothing reads
 * process.env after this.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** server/src/platform → the repository root, where config/ and the default data/ live. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Each variable, the config key it sets, and how its text becomes a value. */
const ENV_VARS = {
  HOST: { key: 'http.host', parse: 'string' },
  PORT: { key: 'http.port', parse: 'number' },
  TRUST_PROXY: { key: 'http.trustProxy', parse: 'boolean' },
  JSON_BODY_LIMIT: { key: 'http.jsonLimit', parse: 'string' },
  FORM_BODY_LIMIT: { key: 'http.formLimit', parse: 'string' },
  SHUTDOWN_TIMEOUT_MS: { key: 'http.shutdownTimeoutMs', parse: 'number' },
  CORS_ORIGINS: { key: 'cors.origins', parse: 'list' },
  RATE_LIMIT_POINTS: { key: 'rateLimit.points', parse: 'number' },
  RATE_LIMIT_DURATION_SECONDS: { key: 'rateLimit.durationSeconds', parse: 'number' },
  MONGODB_URI: { key: 'database.uri', parse: 'string' },
  DATA_DIR: { key: 'database.dataDir', parse: 'string' },
  MONGODB_AUTO_INDEX: { key: 'database.autoIndex', parse: 'boolean' },
  MONGODB_TIMEOUT_MS: { key: 'database.serverSelectionTimeoutMs', parse: 'number' },
  LOG_LEVEL: { key: 'log.level', parse: 'string' },
  DOCS_ENABLED: { key: 'docs.enabled', parse: 'boolean' },
  JWT_SECRET: { key: 'auth.jwtSecret', parse: 'string' },
  ACCESS_TOKEN_TTL_SECONDS: { key: 'auth.accessTokenTtlSeconds', parse: 'number' },
  REFRESH_TOKEN_TTL_DAYS: { key: 'auth.refreshTokenTtlDays', parse: 'number' },
  ACTOR_CACHE_MS: { key: 'auth.actorCacheMs', parse: 'number' },
  WECHAT_API_BASE: { key: 'wechat.apiBase', parse: 'string' },
  WECHAT_APPID: { key: 'wechat.appId', parse: 'string' },
  WECHAT_SECRET: { key: 'wechat.secret', parse: 'string' },
  WECHAT_NOTICE_TEMPLATE_ID: { key: 'wechat.templates.notice', parse: 'string' },
  WECHAT_WELLNESS_TEMPLATE_ID: { key: 'wechat.templates.wellness', parse: 'string' },
  WECHAT_EMERGENCY_TEMPLATE_ID: { key: 'wechat.templates.emergency', parse: 'string' },
  WECHAT_REPAIR_TEMPLATE_ID: { key: 'wechat.templates.repair', parse: 'string' },
  REDIS_URL: { key: 'redis.url', parse: 'string' },
  DEMO_MODE: { key: 'demo.enabled', parse: 'boolean' },
  CLOCK_START: { key: 'clock.startAt', parse: 'string' },
  SCHEDULER_POLL_MS: { key: 'scheduler.pollMs', parse: 'number' },
  UPLOAD_MAX_BYTES: { key: 'uploads.maxBytes', parse: 'number' },
  DAYCARE_RETENTION_DAYS: { key: 'daycare.retentionDays', parse: 'number' },
} as const satisfies Record<string, { key: string; parse: 'string' | 'number' | 'boolean' | 'list' }>;

const MIN_SECRET_LENGTH = 32;
const SECRET_FILE = 'jwt-secret';

/** "1mb", "100kb", "2048b": the forms the body parser understands. */
const byteSize = z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as "1mb", "100kb" or "2048b"');
const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

const FileSchema = z.strictObject({
  http: z.strictObject({
    host: z.string().min(1),
    port,
    trustProxy: z.boolean(),
    jsonLimit: byteSize,
    formLimit: byteSize,
    shutdownTimeoutMs: positiveInt,
  }),
  cors: z.strictObject({
    origins: z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })])),
  }),
  rateLimit: z.strictObject({ points: positiveInt, durationSeconds: positiveInt }),
  database: z.strictObject({
    uri: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    dataDir: z.string().min(1),
    serverSelectionTimeoutMs: positiveInt,
    autoIndex: z.boolean(),
  }),
  log: z.strictObject({ level: z.enum(LOG_LEVELS) }),
  docs: z.strictObject({ enabled: z.boolean() }),
  auth: z.strictObject({
    jwtSecret: z
      .string()
      .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
      .optional(),
    accessTokenTtlSeconds: positiveInt,
    refreshTokenTtlDays: positiveInt,
    /**
     * How long (real time) an instance keeps a signed-in person's rights in memory; 0 reads them on
     * every request. Writes that change them drop the copy at once, on every instance through Redis.
     */
    actorCacheMs: z.number().int().min(0).default(5000),
  }),
  wechat: z.strictObject({
    apiBase: z.url({ protocol: /^https?$/ }),
    appId: z.string().min(1).optional(),
    secret: z.string().min(1).optional(),
    /** Subscribe-message template ids, per kind of message; unset → no WeChat message of that kind. */
    templates: z.strictObject({
      notice: z.string().min(1).optional(),
      wellness: z.string().min(1).optional(),
      emergency: z.string().min(1).optional(),
      repair: z.string().min(1).optional(),
    }),
  }),
  redis: z.strictObject({
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  }),
  /**
   * Demo mode seeds a demo community and allows signing in as a seeded account without WeChat,
   * so the H5 build works in a plain browser. Never in production (checked below).
   */
  demo: z.strictObject({ enabled: z.boolean() }),
  /** Days a withdrawn or declined daycare enquiry keeps the child's data before it is deleted. */
  daycare: z.strictObject({ retentionDays: positiveInt }).default({ retentionDays: 180 }),
  /**
   * Where the server's clock starts, for development and browser tests that must stand at a known
   * day and hour (a meal's day, before its cutoff); it then runs in real time. Never in production
   * (checked below): every booking window, token and audit entry would be stamped off the real time.
   */
  /** Image uploads (platform/uploads): the largest file accepted, in bytes, before re-encoding. */
  uploads: z.strictObject({ maxBytes: positiveInt }),
  clock: z.strictObject({
    startAt: z.iso
      .datetime({
        offset: true,
        message: 'must be an ISO-8601 instant with Z or an offset, such as "2031-03-04T00:30:00Z"',
      })
      .optional(),
  }),
  /**
   * How often (real time) each instance looks for due scheduled jobs; 0 turns the sweep off
   * (API tests run due jobs themselves with `api.scheduler.runDue()`).
   */
  scheduler: z.strictObject({ pollMs: z.number().int().min(0) }),
});
type FileShape = z.infer<typeof FileSchema>;

export type Config = DeepReadonly<
  Omit<FileShape, 'auth'> & {
    env: NodeEnv;
    auth: Omit<FileShape['auth'], 'jwtSecret'> & { jwtSecret: string; jwtSecretSource: 'env' | 'file' };
  }
>;

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Defaults to process.env; tests pass their own. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where config/ lives and what a relative DATA_DIR is resolved against. */
  rootDir?: string;
}

type Json = Record<string, unknown>;

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const rootDir = options.rootDir ?? REPO_ROOT;

  const nodeEnv = env.NODE_ENV || 'development';
  if (!(NODE_ENVS as readonly string[]).includes(nodeEnv)) {
    throw new ConfigError(
      `Invalid configuration:\n  NODE_ENV: must be one of ${NODE_ENVS.join(', ')} (got "${nodeEnv}")`,
    );
  }

  // Remember where each value came from, so an error can point at the variable or file to fix.
  const sources = new Map<string, string>();
  const raw: Json = {};
  for (const file of ['default.json', `${nodeEnv}.json`]) {
    const layer = readJsonFile(path.join(rootDir, 'config', file));
    if (layer) mergeInto(raw, layer, `config/${file}`, sources);
  }

  for (const [name, spec] of Object.entries(ENV_VARS)) {
    const text = env[name];
    // An empty variable means "not set": `FOO= npm start` should not produce an empty secret.
    if (text === undefined || text.trim() === '') continue;
    setPath(raw, spec.key, parseEnvText(text.trim(), spec.parse));
    sources.set(spec.key, name);
  }

  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const where = describeSource(key, sources);
      const got = getPath(raw, key);
      return `  ${where}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }

  const file = parsed.data;
  const dataDir = path.resolve(rootDir, file.database.dataDir);
  const auth = { ...file.auth, ...resolveJwtSecret(nodeEnv as NodeEnv, file.auth.jwtSecret, dataDir) };
  if (nodeEnv === 'production' && file.demo.enabled) {
    throw new ConfigError(
      `Invalid configuration:\n  ${describeSource('demo.enabled', sources)}: demo mode (sign-in without WeChat, demo data) cannot be on in production`,
    );
  }
  if (nodeEnv === 'production' && file.clock.startAt !== undefined) {
    throw new ConfigError(
      `Invalid configuration:\n  ${describeSource('clock.startAt', sources)}: a shifted clock is for development and tests; unset it in production`,
    );
  }

  return deepFreeze({
    ...file,
    env: nodeEnv as NodeEnv,
    database: { ...file.database, dataDir },
    auth,
  });
}

/**
 * Production must be given its secret: a generated one would differ per instance and vanish with
 * the disk, logging everyone out. Everywhere else the zero-setup promise wins: generate one once
 * and keep it beside the data so tokens survive restarts.
 */
function resolveJwtSecret(
  nodeEnv: NodeEnv,
  fromEnv: string | undefined,
  dataDir: string,
): Pick<Config['auth'], 'jwtSecret' | 'jwtSecretSource'> {
  if (fromEnv) return { jwtSecret: fromEnv, jwtSecretSource: 'env' };
  if (nodeEnv === 'production') {
    throw new ConfigError(
      `Invalid configuration:\n  JWT_SECRET: is required when NODE_ENV=production (at least ${MIN_SECRET_LENGTH} characters; ` +
        `e.g. node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))")`,
    );
  }
  const file = path.join(dataDir, SECRET_FILE);
  let secret = readSecretFile(file);
  if (secret === undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    const generated = crypto.randomBytes(48).toString('base64url');
    try {
      // 'wx' fails if another process won the race; then we read what it wrote.
      fs.writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
      secret = generated;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      secret = readSecretFile(file);
    }
  }
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `Invalid configuration:\n  ${file}: holds a JWT secret shorter than ${MIN_SECRET_LENGTH} characters; delete it to have a new one generated`,
    );
  }
  return { jwtSecret: secret, jwtSecretSource: 'file' };
}

function readSecretFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function readJsonFile(file: string): Json | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    // Only default.json is mandatory; an environment without overrides needs no file.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !file.endsWith('default.json')) return undefined;
    throw new ConfigError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseEnvText(text: string, kind: 'string' | 'number' | 'boolean' | 'list'): unknown {
  switch (kind) {
    case 'number':
      // Keep the text when it is not a number so the error can quote what was given.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      return text;
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

function describeSource(key: string, sources: Map<string, string>): string {
  // Walk up: an issue on "http" (unknown key) or "http.port" both find their origin.
  for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    const source = sources.get(k);
    if (source === undefined) continue;
    return source.startsWith('config/') ? `${key} (in ${source})` : source;
  }
  return key || '(root)';
}

function mergeInto(target: Json, layer: Json, source: string, sources: Map<string, string>, prefix = '') {
  for (const [name, value] of Object.entries(layer)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (isPlainObject(value)) {
      if (!isPlainObject(target[name])) target[name] = {};
      mergeInto(target[name] as Json, value, source, sources, key);
    } else {
      target[name] = value;
      sources.set(key, source);
    }
  }
}

function setPath(target: Json, key: string, value: unknown) {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Json;
  }
  node[parts[parts.length - 1]] = value;
}

function getPath(target: Json, key: string): unknown {
  let node: unknown = target;
  for (const part of key.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return isPlainObject(node) ? undefined : node;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
