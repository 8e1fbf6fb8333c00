/** The settings production refuses to start without, with throwaway values (the database is the test's own). */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://unused-by-this-test/x',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
  STRIPE_SECRET_KEY: 'sk_test_x',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  CHECKR_API_KEY: 'checkr_x',
  CHECKR_WEBHOOK_SECRET: 'checkr_whsec_x',
  PUBLIC_URL: 'https://instainstru.example',
  LOG_LEVEL: 'silent',
} as const;
