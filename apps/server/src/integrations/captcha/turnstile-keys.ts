/**
 * Cloudflare's published Turnstile test keys (developers.cloudflare.com/turnstile/troubleshooting/testing).
 * Test site keys make the widget hand out the dummy token; test secrets answer siteverify the
 * same way whatever the token. Production secrets reject the dummy token.
 */
export const TURNSTILE_DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

export const TURNSTILE_TEST_SITE_KEYS = {
  passesVisible: '1x00000000000000000000AA',
  blocksVisible: '2x00000000000000000000AB',
  passesInvisible: '1x00000000000000000000BB',
  blocksInvisible: '2x00000000000000000000BB',
  forcesInteractive: '3x00000000000000000000FF',
} as const;

export const TURNSTILE_TEST_SECRETS = {
  /** Always passes (any token). */
  passes: '1x0000000000000000000000000000000AA',
  /** Always fails. */
  fails: '2x0000000000000000000000000000000AA',
  /** Always answers "token already spent" (timeout-or-duplicate). */
  spent: '3x0000000000000000000000000000000AA',
} as const;

export function isTurnstileTestSecret(secret: string | undefined): boolean {
  return secret !== undefined && (Object.values(TURNSTILE_TEST_SECRETS) as string[]).includes(secret);
}

export function isTurnstileTestSiteKey(siteKey: string | undefined): boolean {
  return siteKey !== undefined && (Object.values(TURNSTILE_TEST_SITE_KEYS) as string[]).includes(siteKey);
}
