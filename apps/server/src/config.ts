import path from 'node:path';
import { z } from 'zod';
import { isTurnstileTestSecret } from './integrations/captcha/turnstile-keys.ts';
import { trustProxySchema } from './platform/http/trust-proxy.ts';

/**
 * The whole environment in one schema. Development needs nothing set; production refuses to
 * start without the settings whose absence would put money or data at risk (see
 * PRODUCTION_REQUIRED). Every variable here is documented in the README and `.env.example`.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

export const NODE_ENVS = ['development', 'test', 'production'] as const;

export const configSchema = z.object({
  /** Exactly these three: an unknown mode (`staging`) is refused rather than treated as development. */
  NODE_ENV: z.enum(NODE_ENVS).default('development'),
  HOST: z.string().default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: optionalString,

  DEMO_DATA: booleanString.optional(),
  RUN_JOBS: booleanString.default(true),
  CORS_ORIGINS: commaList.optional(),
  /** Which proxies may name the client in X-Forwarded-For: none by default (platform/http/trust-proxy.ts). */
  TRUST_PROXY: trustProxySchema,

  JWT_SECRET: optionalString,
  ENCRYPTION_KEY: optionalString,
  TOTP_ENCRYPTION_KEY: optionalString,

  STRIPE_SECRET_KEY: optionalString,
  STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  CHECKR_API_KEY: optionalString,
  CHECKR_WEBHOOK_SECRET: optionalString,
  RESEND_API_KEY: optionalString,
  EMAIL_FROM: z.string().default('InstaInstru <hello@instainstru.local>'),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM_NUMBER: optionalString,
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: optionalString,
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  GOOGLE_MAPS_API_KEY: optionalString,
  MAPBOX_ACCESS_TOKEN: optionalString,
  /** The LLM search parser: optional everywhere, production included (search works on the fast parser alone). */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SEARCH_LLM_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  /** How long a search page is answered from memory (changes to instructors or free time forget it at once); 0 turns it off. */
  SEARCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  TURNSTILE_SITE_KEY: optionalString,
  TURNSTILE_SECRET_KEY: optionalString,
  SENTRY_DSN: optionalString,

  OAUTH_ISSUER: optionalString,
  OAUTH_AUDIENCE: z.string().default('instainstru-admin-api'),
  OAUTH_JWKS_URL: optionalString,

  METRICS_BASIC_AUTH: optionalString,
  METRICS_ALLOWED_IPS: commaList.optional(),

  /** enforce: refuse with 429; shadow: count and log, never refuse (to tune limits on real traffic); off. */
  RATE_LIMIT_MODE: z.enum(['enforce', 'shadow', 'off']).default('enforce'),
});

type RawConfig = z.infer<typeof configSchema>;

export interface Config extends Omit<RawConfig, 'DEMO_DATA' | 'CORS_ORIGINS' | 'PUBLIC_URL'> {
  PUBLIC_URL: string;
  DEMO_DATA: boolean;
  CORS_ORIGINS: string[];
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  isProduction: boolean;
  /**
   * Development tools (outboxes that show every reset link, the echo job, the local OAuth
   * issuer, /dev/mailbox): development and the test suite only. Servers refuse NODE_ENV=test
   * (see assertServableMode), so a deployed server never has them.
   */
  devTools: boolean;
  /** Development defaults that must never reach production (reported by /health). */
  insecureDefaults: string[];
}

/** Settings without which production would lose money, leak data or accept forged webhooks. */
export const PRODUCTION_REQUIRED = [
  ['DATABASE_URL', 'the PostgreSQL connection string'],
  ['JWT_SECRET', 'signs access tokens (at least 32 characters)'],
  ['ENCRYPTION_KEY', 'encrypts personal data at rest (32 bytes, base64)'],
  ['TOTP_ENCRYPTION_KEY', 'encrypts 2FA secrets (32 bytes, base64)'],
  // An integration's keys join this list with the issue that builds its adapter (Stripe and
  // Checkr are `not_built` in integrations/modes.ts: demanding their keys would claim otherwise).
] as const satisfies ReadonlyArray<readonly [keyof RawConfig, string]>;

const DEV_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
  ENCRYPTION_KEY: Buffer.alloc(32, 'instainstru-dev-encryption-key').toString('base64'),
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 'instainstru-dev-totp-key').toString('base64'),
} as const;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isBase64Key(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === 'production';
  const problems: string[] = [];

  if (isProduction) {
    for (const [name, meaning] of PRODUCTION_REQUIRED) {
      if (!raw[name]) problems.push(`${name} is required in production (${meaning})`);
    }
    if (raw.JWT_SECRET && raw.JWT_SECRET.length < 32) {
      problems.push('JWT_SECRET must be at least 32 characters');
    }
    for (const name of Object.keys(DEV_SECRETS) as Array<keyof typeof DEV_SECRETS>) {
      if (raw[name] === DEV_SECRETS[name]) problems.push(`${name} is the published development value; set a secret of your own`);
    }
  }
  for (const name of ['ENCRYPTION_KEY', 'TOTP_ENCRYPTION_KEY'] as const) {
    const value = raw[name];
    if (value && !isBase64Key(value)) problems.push(`${name} must be 32 bytes encoded as base64`);
  }
  if (raw.TURNSTILE_SECRET_KEY && !isTurnstileTestSecret(raw.TURNSTILE_SECRET_KEY) && !raw.TURNSTILE_SITE_KEY) {
    problems.push('TURNSTILE_SITE_KEY is required with TURNSTILE_SECRET_KEY (the web app renders the CAPTCHA with it)');
  }
  if (raw.METRICS_BASIC_AUTH && !raw.METRICS_BASIC_AUTH.includes(':')) {
    problems.push('METRICS_BASIC_AUTH must be "user:password"');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const insecureDefaults: string[] = [];
  const secrets = { JWT_SECRET: raw.JWT_SECRET, ENCRYPTION_KEY: raw.ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY: raw.TOTP_ENCRYPTION_KEY };
  for (const name of Object.keys(DEV_SECRETS) as Array<keyof typeof DEV_SECRETS>) {
    if (!secrets[name]) {
      secrets[name] = DEV_SECRETS[name];
      insecureDefaults.push(name);
    }
  }

  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  return {
    ...raw,
    ...secrets,
    PUBLIC_URL: publicUrl.replace(/\/$/, ''),
    DEMO_DATA: raw.DEMO_DATA ?? !isProduction,
    CORS_ORIGINS: raw.CORS_ORIGINS ?? [new URL(publicUrl).origin],
    dataDir: path.resolve(raw.DATA_DIR),
    isProduction,
    devTools: raw.NODE_ENV === 'development' || raw.NODE_ENV === 'test',
    insecureDefaults,
  };
}

/**
 * NODE_ENV=test is the test suite's mode (in-memory storage, development tools); a process
 * that serves traffic must run as development or production.
 */
export function assertServableMode(config: Pick<Config, 'NODE_ENV'>): void {
  if (config.NODE_ENV === 'test') {
    throw new ConfigError(['NODE_ENV=test is for the test suite only; start a server with NODE_ENV=development or production']);
  }
}
