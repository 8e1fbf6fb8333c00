import { describe, expect, it } from 'vitest';
import { assertServableMode, ConfigError, loadConfig, PRODUCTION_REQUIRED } from './config.ts';
import { integrationModes } from './integrations/modes.ts';

const productionEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db:5432/instainstru',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
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
    expect(config.insecureDefaults).toEqual(['JWT_SECRET', 'ENCRYPTION_KEY', 'TOTP_ENCRYPTION_KEY']);
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

  it('does not demand keys of integrations that are not built (Stripe, Checkr)', () => {
    expect(PRODUCTION_REQUIRED.map(([name]) => name)).toEqual(['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'TOTP_ENCRYPTION_KEY']);
    const config = loadConfig(productionEnv);
    const modes = integrationModes(config);
    for (const name of ['payments', 'identity', 'backgroundChecks', 'push', 'errorTracking'] as const) {
      expect(modes[name]).toEqual({ mode: 'not_built', detail: 'not built yet' });
    }
  });

  it('reports an unbuilt integration as not built even when its keys are set', () => {
    const modes = integrationModes(loadConfig({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', CHECKR_API_KEY: 'k', CHECKR_WEBHOOK_SECRET: 'w', SENTRY_DSN: 'https://x@sentry.example/1' }));
    expect([modes.payments.mode, modes.identity.mode, modes.backgroundChecks.mode, modes.errorTracking.mode]).toEqual(Array(4).fill('not_built'));
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
    expect(error.problems[0]).toMatch(/^NODE_ENV: .*"development".*"test".*"production"/);
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
});
