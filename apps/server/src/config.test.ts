import { describe, expect, it } from 'vitest';
import { assertServableMode, ConfigError, LOCAL_STRIPE_KEYS, loadConfig, PRODUCTION_REQUIRED } from './config.ts';
import { integrationModes } from './integrations/modes.ts';

const productionEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db:5432/instainstru',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
  STRIPE_SECRET_KEY: 'sk_live_51Hproduction',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_51Hproduction',
  STRIPE_WEBHOOK_SECRET: 'whsec_production',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives development a working default for everything', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.PORT).toBe(3000);
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.CORS_ORIGINS).toEqual(['http://localhost:3000']);
    expect(config.DEMO_DATA).toBe(true);
    expect(config.insecureDefaults).toEqual(['JWT_SECRET', 'ENCRYPTION_KEY', 'TOTP_ENCRYPTION_KEY', 'STRIPE_WEBHOOK_SECRET']);
  });

  it('reads PORT and DATA_DIR', () => {
    const config = loadConfig({ PORT: '4123', DATA_DIR: '/tmp/somewhere' });
    expect(config.PORT).toBe(4123);
    expect(config.dataDir).toBe('/tmp/somewhere');
    expect(config.PUBLIC_URL).toBe('http://localhost:4123');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('names every invalid variable at once', () => {
    const error = configError({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('LOG_LEVEL');
  });

  it('refuses production without the critical settings, listing all of them in one message', () => {
    const error = configError({ NODE_ENV: 'production' });
    for (const [name] of PRODUCTION_REQUIRED) expect(error.message).toContain(`${name} is required in production`);
    expect(error.problems).toHaveLength(PRODUCTION_REQUIRED.length);
  });

  it('names only what is missing', () => {
    const { TOTP_ENCRYPTION_KEY: _omitted, ...env } = productionEnv;
    const error = configError(env);
    expect(error.problems).toEqual(['TOTP_ENCRYPTION_KEY is required in production (encrypts 2FA secrets (32 bytes, base64))']);
  });

  it('does not demand keys of integrations that are not built (Checkr)', () => {
    expect(PRODUCTION_REQUIRED.map(([name]) => name)).toEqual([
      'DATABASE_URL',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
      'TOTP_ENCRYPTION_KEY',
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    const config = loadConfig(productionEnv);
    const modes = integrationModes(config);
    for (const name of ['identity', 'backgroundChecks', 'push', 'errorTracking'] as const) {
      expect(modes[name]).toEqual({ mode: 'not_built', detail: 'not built yet' });
    }
  });

  it('reports an unbuilt integration as not built even when its keys are set', () => {
    const modes = integrationModes(loadConfig({ CHECKR_API_KEY: 'k', CHECKR_WEBHOOK_SECRET: 'w', SENTRY_DSN: 'https://x@sentry.example/1' }));
    expect([modes.identity.mode, modes.backgroundChecks.mode, modes.errorTracking.mode]).toEqual(Array(3).fill('not_built'));
    expect(modes.email).toEqual({ mode: 'fake', detail: 'local outbox' });
  });

  it('starts production when everything critical is set, with no development defaults', () => {
    const config = loadConfig(productionEnv);
    expect(config.isProduction).toBe(true);
    expect(config.insecureDefaults).toEqual([]);
    expect(config.DEMO_DATA).toBe(false);
  });

  it('rejects a short JWT secret and malformed encryption keys', () => {
    const error = configError({ ...productionEnv, JWT_SECRET: 'short', ENCRYPTION_KEY: 'not-base64!' });
    expect(error.problems).toEqual([
      'JWT_SECRET must be at least 32 characters',
      'ENCRYPTION_KEY must be 32 bytes encoded as base64',
    ]);
  });

  it('accepts only the three known modes, naming them', () => {
    const error = configError({ NODE_ENV: 'staging' });
    expect(error.problems).toHaveLength(1);
    // Whichever wording zod's messages have (the API's human ones quote with “”), the three are named.
    expect(error.problems[0]).toMatch(/^NODE_ENV: .*["“]development["”].*["“]test["”].*["“]production["”]/);
  });

  it('has development tools in development and the test suite only', () => {
    expect(loadConfig({}).devTools).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).devTools).toBe(true);
    expect(loadConfig(productionEnv).devTools).toBe(false);
  });

  it('refuses to serve in the test suite’s mode', () => {
    expect(() => assertServableMode(loadConfig({ NODE_ENV: 'test' }))).toThrow(/NODE_ENV=test is for the test suite only/);
    expect(() => assertServableMode(loadConfig({}))).not.toThrow();
    expect(() => assertServableMode(loadConfig(productionEnv))).not.toThrow();
  });

  it('refuses production with the development secrets, listing each in one message', () => {
    const development = loadConfig({});
    const error = configError({
      ...productionEnv,
      JWT_SECRET: development.JWT_SECRET!,
      ENCRYPTION_KEY: development.ENCRYPTION_KEY!,
      TOTP_ENCRYPTION_KEY: development.TOTP_ENCRYPTION_KEY!,
    });
    expect(error.problems).toEqual([
      'JWT_SECRET is the published development value; set a secret of your own',
      'ENCRYPTION_KEY is the published development value; set a secret of your own',
      'TOTP_ENCRYPTION_KEY is the published development value; set a secret of your own',
    ]);
    expect(configError({ ...productionEnv, TOTP_ENCRYPTION_KEY: development.TOTP_ENCRYPTION_KEY! }).problems).toEqual([
      'TOTP_ENCRYPTION_KEY is the published development value; set a secret of your own',
    ]);
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', DEMO_DATA: 'false', METRICS_ALLOWED_IPS: '10.0.0.1' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DEMO_DATA).toBe(false);
    expect(config.METRICS_ALLOWED_IPS).toEqual(['10.0.0.1']);
  });

  describe('Stripe', () => {
    it('refuses production without the Stripe keys, naming each', () => {
      const { STRIPE_SECRET_KEY: _s, STRIPE_PUBLISHABLE_KEY: _p, STRIPE_WEBHOOK_SECRET: _w, ...env } = productionEnv;
      expect(configError(env).problems).toEqual([
        'STRIPE_SECRET_KEY is required in production (takes payments and pays instructors (sk_live_… or sk_test_…))',
        'STRIPE_PUBLISHABLE_KEY is required in production (lets the browser collect cards with Stripe.js (pk_…))',
        'STRIPE_WEBHOOK_SECRET is required in production (proves webhook events come from Stripe (whsec_…))',
      ]);
      const { STRIPE_WEBHOOK_SECRET: _only, ...withoutSecret } = productionEnv;
      expect(configError(withoutSecret).problems).toEqual([
        'STRIPE_WEBHOOK_SECRET is required in production (proves webhook events come from Stripe (whsec_…))',
      ]);
    });

    it('refuses production with the local Stripe values', () => {
      const error = configError({ ...productionEnv, ...LOCAL_STRIPE_KEYS });
      expect(error.problems).toEqual([
        "STRIPE_SECRET_KEY is the local Stripe's development value; set your Stripe account's",
        "STRIPE_PUBLISHABLE_KEY is the local Stripe's development value; set your Stripe account's",
        "STRIPE_WEBHOOK_SECRET is the local Stripe's development value; set your Stripe account's",
      ]);
    });

    it('recognises each key by its prefix', () => {
      const error = configError({ STRIPE_SECRET_KEY: 'pk_test_swapped', STRIPE_PUBLISHABLE_KEY: 'sk_test_swapped', STRIPE_WEBHOOK_SECRET: 'secret' });
      expect(error.problems).toEqual([
        'STRIPE_SECRET_KEY: must start with sk_ (a Stripe secret key)',
        'STRIPE_PUBLISHABLE_KEY: must start with pk_ (a Stripe publishable key)',
        "STRIPE_WEBHOOK_SECRET: must start with whsec_ (a Stripe webhook endpoint's signing secret)",
      ]);
    });

    it('wants the whole set with a secret key, in one mode', () => {
      expect(configError({ STRIPE_SECRET_KEY: 'sk_test_1' }).problems).toEqual([
        'STRIPE_PUBLISHABLE_KEY is required with STRIPE_SECRET_KEY (the browser collects cards with it)',
        'STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (webhook events are verified with it)',
      ]);
      expect(configError({ STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }).problems).toEqual([
        'STRIPE_PUBLISHABLE_KEY is a test key but STRIPE_SECRET_KEY a live key; use one mode for both',
      ]);
    });

    it('falls back to the local Stripe in development, and says so in /health', () => {
      const config = loadConfig({});
      expect(config.payments).toEqual({
        provider: 'local',
        secretKey: 'sk_test_local_development',
        publishableKey: 'pk_test_local_development',
        webhookSecret: 'whsec_local_development',
      });
      expect(config.STRIPE_SECRET_KEY).toBeUndefined();
      expect(integrationModes(config).payments).toEqual({ mode: 'fake', detail: 'local Stripe' });
      // A developer's own webhook secret signs the local Stripe's events too.
      expect(loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_mine' }).payments).toMatchObject({ provider: 'local', webhookSecret: 'whsec_mine' });
    });

    it('uses Stripe itself with a secret key', () => {
      const production = loadConfig(productionEnv);
      expect(production.payments).toEqual({
        provider: 'stripe',
        secretKey: 'sk_live_51Hproduction',
        publishableKey: 'pk_live_51Hproduction',
        webhookSecret: 'whsec_production',
      });
      expect(integrationModes(production).payments).toEqual({ mode: 'real', detail: 'Stripe (live mode)' });
      const testMode = loadConfig({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' });
      expect(integrationModes(testMode).payments).toEqual({ mode: 'real', detail: 'Stripe (test mode)' });
      expect(testMode.insecureDefaults).not.toContain('STRIPE_WEBHOOK_SECRET');
    });
  });
});
