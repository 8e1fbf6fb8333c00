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

/** A Stripe credential: recognisable by its prefix, so a key pasted into the wrong variable is refused at start. */
const stripeKey = (prefix: string, what: string) =>
  optionalString.refine((value) => value === undefined || value.startsWith(prefix), `must start with ${prefix} (${what})`);

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

  STRIPE_SECRET_KEY: stripeKey('sk_', 'a Stripe secret key'),
  STRIPE_PUBLISHABLE_KEY: stripeKey('pk_', 'a Stripe publishable key'),
  STRIPE_WEBHOOK_SECRET: stripeKey('whsec_', "a Stripe webhook endpoint's signing secret"),
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
  /**
   * The Stripe credentials the payments adapter uses. `provider: 'local'` (no STRIPE_SECRET_KEY,
   * development and tests only): the SDK talks to the local Stripe with the fixed
   * LOCAL_STRIPE_KEYS. `stripe`: Stripe itself. The raw STRIPE_* fields stay as set.
   */
  payments: PaymentsConfig;
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

export interface PaymentsConfig {
  provider: 'local' | 'stripe';
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
}

/**
 * What development and the tests use without Stripe keys: the local Stripe accepts any
 * `sk_test_`/`pk_test_` key, and events are signed with this published webhook secret (so a
 * developer can sign test events by hand). Production refuses all three.
 */
export const LOCAL_STRIPE_KEYS = {
  STRIPE_SECRET_KEY: 'sk_test_local_development',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_local_development',
  STRIPE_WEBHOOK_SECRET: 'whsec_local_development',
} as const;

/** Settings without which production would lose money, leak data or accept forged webhooks. */
export const PRODUCTION_REQUIRED = [
  ['DATABASE_URL', 'the PostgreSQL connection string'],
  ['JWT_SECRET', 'signs access tokens (at least 32 characters)'],
  ['ENCRYPTION_KEY', 'encrypts personal data at rest (32 bytes, base64)'],
  ['TOTP_ENCRYPTION_KEY', 'encrypts 2FA secrets (32 bytes, base64)'],
  ['STRIPE_SECRET_KEY', 'takes payments and pays instructors (sk_live_… or sk_test_…)'],
  ['STRIPE_PUBLISHABLE_KEY', 'lets the browser collect cards with Stripe.js (pk_…)'],
  ['STRIPE_WEBHOOK_SECRET', 'proves webhook events come from Stripe (whsec_…)'],
  // An integration's keys join this list with the issue that builds its adapter (Checkr is
  // `not_built` in integrations/modes.ts: demanding its keys would claim otherwise).
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

const keyMode = (key: string) => (key.includes('_live_') ? 'live' : 'test');

/**
 * With a secret key the adapter talks to Stripe itself, so the other two must be that
 * account's: a local publishable key or webhook secret beside a real secret key would fail
 * every card form or every webhook. Test and live keys are not mixed either.
 */
function stripeKeyProblems(raw: RawConfig, isProduction: boolean): string[] {
  const { STRIPE_SECRET_KEY: secret, STRIPE_PUBLISHABLE_KEY: publishable, STRIPE_WEBHOOK_SECRET: webhook } = raw;
  if (!secret) return [];
  const problems: string[] = [];
  // Production names missing keys through PRODUCTION_REQUIRED already.
  if (!publishable && !isProduction) problems.push('STRIPE_PUBLISHABLE_KEY is required with STRIPE_SECRET_KEY (the browser collects cards with it)');
  if (!webhook && !isProduction) problems.push('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (webhook events are verified with it)');
  if (publishable && keyMode(publishable) !== keyMode(secret)) {
    problems.push(`STRIPE_PUBLISHABLE_KEY is a ${keyMode(publishable)} key but STRIPE_SECRET_KEY a ${keyMode(secret)} key; use one mode for both`);
  }
  return problems;
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
    for (const name of Object.keys(LOCAL_STRIPE_KEYS) as Array<keyof typeof LOCAL_STRIPE_KEYS>) {
      if (raw[name] === LOCAL_STRIPE_KEYS[name]) problems.push(`${name} is the local Stripe's development value; set your Stripe account's`);
    }
  }
  problems.push(...stripeKeyProblems(raw, isProduction));
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

  if (!raw.STRIPE_WEBHOOK_SECRET) insecureDefaults.push('STRIPE_WEBHOOK_SECRET');

  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  return {
    ...raw,
    ...secrets,
    payments: {
      provider: raw.STRIPE_SECRET_KEY ? 'stripe' : 'local',
      secretKey: raw.STRIPE_SECRET_KEY ?? LOCAL_STRIPE_KEYS.STRIPE_SECRET_KEY,
      publishableKey: raw.STRIPE_PUBLISHABLE_KEY ?? LOCAL_STRIPE_KEYS.STRIPE_PUBLISHABLE_KEY,
      webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? LOCAL_STRIPE_KEYS.STRIPE_WEBHOOK_SECRET,
    },
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
