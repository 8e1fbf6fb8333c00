import type { Config } from '../config.ts';
import { isTurnstileTestSecret, TURNSTILE_DUMMY_TOKEN } from './captcha/turnstile-keys.ts';

/**
 * Which adapter each external service uses under this configuration (PRODUCT.md §11):
 * `real` (the provider's SDK), `fake` (a local stand-in that behaves like it), `disabled`
 * (the feature falls back: CAPTCHA off) or `not_built` (no adapter exists yet, real or fake:
 * /health must not claim what the code cannot do).
 * This is the one registry: the issue that builds an adapter replaces its `notBuilt` entry with
 * a function of the configuration (and adds its keys to PRODUCTION_REQUIRED in config.ts if
 * production cannot run without them).
 */
/** The modes of an adapter that exists. */
export type AdapterMode = 'real' | 'fake' | 'disabled';
export type IntegrationMode = AdapterMode | 'not_built';
export const INTEGRATION_MODES = ['real', 'fake', 'disabled', 'not_built'] as const satisfies readonly IntegrationMode[];

export interface IntegrationStatus {
  mode: IntegrationMode;
  /** What the mode means for this service, for people reading /health details. */
  detail: string;
}

/**
 * Turnstile with a real secret is `real`. Otherwise development and tests get the local
 * stand-in (it accepts Cloudflare's test tokens), and production has no CAPTCHA: a test secret
 * there would accept any token, so it counts as none.
 */
export function captchaStatus(config: Pick<Config, 'TURNSTILE_SECRET_KEY' | 'isProduction'>): IntegrationStatus & { mode: AdapterMode } {
  const secret = config.TURNSTILE_SECRET_KEY;
  const testSecret = isTurnstileTestSecret(secret);
  if (secret && !testSecret) return { mode: 'real', detail: 'Cloudflare Turnstile' };
  if (!config.isProduction) {
    return {
      mode: 'fake',
      detail: testSecret
        ? 'local Turnstile stand-in answering as the configured Cloudflare test secret'
        : `local Turnstile stand-in (accepts Cloudflare's dummy token ${TURNSTILE_DUMMY_TOKEN})`,
    };
  }
  return { mode: 'disabled', detail: testSecret ? 'no CAPTCHA challenge (a Cloudflare test secret is not used in production)' : 'no CAPTCHA challenge' };
}

const has = (...values: Array<string | undefined>) => values.every((value) => Boolean(value));

/** An integration whose adapter does not exist yet: its keys, if set, change nothing. */
const notBuilt = (): IntegrationStatus => ({ mode: 'not_built', detail: 'not built yet' });

const INTEGRATIONS = {
  // One adapter on the official SDK either way; without a secret key it talks to the local Stripe.
  payments: (config: Config): IntegrationStatus =>
    config.payments.provider === 'stripe'
      ? { mode: 'real', detail: `Stripe (${config.payments.secretKey.includes('_live_') ? 'live' : 'test'} mode)` }
      : { mode: 'fake', detail: 'local Stripe' },
  identity: notBuilt,
  backgroundChecks: notBuilt,
  email: (config: Config): IntegrationStatus =>
    config.RESEND_API_KEY ? { mode: 'real', detail: 'Resend' } : { mode: 'fake', detail: 'local outbox' },
  sms: (config: Config): IntegrationStatus =>
    has(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, config.TWILIO_FROM_NUMBER)
      ? { mode: 'real', detail: 'Twilio' }
      : { mode: 'fake', detail: 'local SMS outbox' },
  push: notBuilt,
  storage: (config: Config): IntegrationStatus =>
    has(config.S3_BUCKET, config.S3_ENDPOINT, config.S3_ACCESS_KEY_ID, config.S3_SECRET_ACCESS_KEY)
      ? { mode: 'real', detail: 'S3-compatible storage (Cloudflare R2)' }
      : { mode: 'fake', detail: `local disk under ${config.DATA_DIR}/uploads` },
  geocoding: (config: Config): IntegrationStatus =>
    config.GOOGLE_MAPS_API_KEY || config.MAPBOX_ACCESS_TOKEN
      ? { mode: 'real', detail: [config.GOOGLE_MAPS_API_KEY && 'Google', config.MAPBOX_ACCESS_TOKEN && 'Mapbox', 'offline NYC gazetteer'].filter(Boolean).join(' → ') }
      : { mode: 'fake', detail: 'offline NYC gazetteer' },
  // Without a key the search uses the fast parser alone: nothing stands in for the model.
  llm: (config: Config): IntegrationStatus =>
    config.OPENAI_API_KEY
      ? { mode: 'real', detail: `OpenAI ${config.SEARCH_LLM_MODEL}${config.OPENAI_BASE_URL ? ` via ${new URL(config.OPENAI_BASE_URL).host}` : ''} for search queries the fast parser cannot explain` }
      : { mode: 'disabled', detail: 'search uses the fast parser only (no OPENAI_API_KEY)' },
  captcha: captchaStatus,
  errorTracking: notBuilt,
} satisfies Record<string, (config: Config) => IntegrationStatus>;

export type IntegrationName = keyof typeof INTEGRATIONS;

export function integrationModes(config: Config): Record<IntegrationName, IntegrationStatus> {
  return Object.fromEntries(
    Object.entries(INTEGRATIONS).map(([name, status]) => [name, status(config)]),
  ) as Record<IntegrationName, IntegrationStatus>;
}
