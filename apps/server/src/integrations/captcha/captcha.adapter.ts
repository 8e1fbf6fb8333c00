import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { captchaStatus } from '../modes.ts';
import type { CaptchaPort } from './captcha.port.ts';
import { FakeCaptcha } from './fake.ts';
import { TurnstileCaptcha } from './turnstile.ts';
import { isTurnstileTestSiteKey } from './turnstile-keys.ts';

/** Nothing configured in production: no widget, nothing to verify. */
export const DISABLED_CAPTCHA: CaptchaPort = {
  mode: 'disabled',
  siteKey: null,
  verify: async () => ({ success: true, errorCodes: [] }),
};

/** The CAPTCHA adapter for this configuration; modes.ts decides which (and /health reports it). */
export function createCaptcha(
  config: Pick<Config, 'TURNSTILE_SITE_KEY' | 'TURNSTILE_SECRET_KEY' | 'isProduction'>,
  deps: { clock: Clock },
): CaptchaPort {
  const { mode } = captchaStatus(config);
  if (mode === 'real' && config.TURNSTILE_SECRET_KEY && config.TURNSTILE_SITE_KEY) {
    return new TurnstileCaptcha({ secretKey: config.TURNSTILE_SECRET_KEY, siteKey: config.TURNSTILE_SITE_KEY });
  }
  if (mode === 'fake') {
    // A production site key would make the widget issue real tokens the stand-in cannot redeem.
    const siteKey = isTurnstileTestSiteKey(config.TURNSTILE_SITE_KEY) ? config.TURNSTILE_SITE_KEY : undefined;
    return new FakeCaptcha({ clock: deps.clock, siteKey, secretKey: config.TURNSTILE_SECRET_KEY });
  }
  return DISABLED_CAPTCHA;
}
