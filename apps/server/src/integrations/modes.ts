import type { Config } from '../config.ts';
import { isTurnstileTestSecret, TURNSTILE_DUMMY_TOKEN } from './captcha/turnstile-keys.ts';

/**
 * Which adapter each external service uses under this configuration (PRODUCT.md §11):
 * `real` (the provider's SDK), `fake` (a local stand-in that behaves like it) or `disabled`
 * (the feature falls back: CAPTCHA off, deterministic search parser, no error tracking).
 * The adapters themselves arrive with the issues that need them; this is the one place that
 * decides, and /health reports it.
 */
export type IntegrationMode = 'real' | 'fake' | 'disabled';

export interface IntegrationStatus {
  mode: IntegrationMode;
  /** What the mode means for this service, for people reading /health. */
  detail: string;
}

export type IntegrationName =
  | 'payments'
  | 'identity'
  | 'backgroundChecks'
  | 'email'
  | 'sms'
  | 'push'
  | 'storage'
  | 'geocoding'
  | 'llm'
  | 'captcha'
  | 'errorTracking';

/**
 * Turnstile with a real secret is `real`. Otherwise development and tests get the local
 * stand-in (it accepts Cloudflare's test tokens), and production has no CAPTCHA: a test secret
 * there would accept any token, so it counts as none.
 */
export function captchaStatus(config: Pick<Config, 'TURNSTILE_SECRET_KEY' | 'isProduction'>): IntegrationStatus {
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

export function integrationModes(config: Config): Record<IntegrationName, IntegrationStatus> {
  const stripe = has(config.STRIPE_SECRET_KEY, config.STRIPE_WEBHOOK_SECRET);
  return {
    payments: stripe
      ? { mode: 'real', detail: 'Stripe Connect' }
      : { mode: 'fake', detail: 'local Stripe stand-in (same states, webhooks and signatures)' },
    identity: stripe
      ? { mode: 'real', detail: 'Stripe Identity' }
      : { mode: 'fake', detail: 'local Stripe Identity stand-in' },
    backgroundChecks: has(config.CHECKR_API_KEY, config.CHECKR_WEBHOOK_SECRET)
      ? { mode: 'real', detail: 'Checkr' }
      : { mode: 'fake', detail: 'local Checkr stand-in' },
    email: config.RESEND_API_KEY
      ? { mode: 'real', detail: 'Resend' }
      : { mode: 'fake', detail: 'local outbox' },
    sms: has(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, config.TWILIO_FROM_NUMBER)
      ? { mode: 'real', detail: 'Twilio' }
      : { mode: 'fake', detail: 'local SMS outbox' },
    push: has(config.VAPID_PUBLIC_KEY, config.VAPID_PRIVATE_KEY, config.VAPID_SUBJECT)
      ? { mode: 'real', detail: 'Web Push (VAPID)' }
      : { mode: 'fake', detail: 'local push outbox' },
    storage: has(config.S3_BUCKET, config.S3_ENDPOINT, config.S3_ACCESS_KEY_ID, config.S3_SECRET_ACCESS_KEY)
      ? { mode: 'real', detail: 'S3-compatible storage (Cloudflare R2)' }
      : { mode: 'fake', detail: `local disk under ${config.DATA_DIR}/uploads` },
    geocoding:
      config.GOOGLE_MAPS_API_KEY || config.MAPBOX_ACCESS_TOKEN
        ? { mode: 'real', detail: [config.GOOGLE_MAPS_API_KEY && 'Google', config.MAPBOX_ACCESS_TOKEN && 'Mapbox', 'offline NYC gazetteer'].filter(Boolean).join(' → ') }
        : { mode: 'fake', detail: 'offline NYC gazetteer' },
    llm: config.OPENAI_API_KEY
      ? { mode: 'real', detail: `OpenAI ${config.OPENAI_MODEL}, deterministic parser as fallback` }
      : { mode: 'disabled', detail: 'deterministic search parser only' },
    captcha: captchaStatus(config),
    errorTracking: config.SENTRY_DSN ? { mode: 'real', detail: 'Sentry' } : { mode: 'disabled', detail: 'errors go to the log only' },
  };
}
