import type { z } from 'zod';
import { newDeviceLogin } from './new-device-login.ts';
import { passwordChanged } from './password-changed.ts';
import { paymentFailed } from './payment-failed.ts';
import { passwordResetConfirmation } from './password-reset-confirmation.ts';
import { passwordReset } from './password-reset.ts';
import { twoFactorChanged } from './two-factor-changed.ts';
import { verifyEmail } from './verify-email.ts';
import { welcome } from './welcome.ts';

/**
 * Every email template by name (PRODUCT.md §9); add the rest (booking, reviews, payouts…)
 * here as their features land. Each entry has its category, the schema of its data, its
 * subject and its React Email component.
 */
export const EMAIL_TEMPLATES = {
  welcome,
  verify_email: verifyEmail,
  password_reset: passwordReset,
  password_reset_confirmation: passwordResetConfirmation,
  password_changed: passwordChanged,
  '2fa_changed': twoFactorChanged,
  new_device_login: newDeviceLogin,
  payment_failed: paymentFailed,
} as const;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES;

/** What a caller passes for each template (dates may be Date objects or ISO strings). */
export type EmailTemplateData = { [N in EmailTemplateName]: z.input<(typeof EMAIL_TEMPLATES)[N]['schema']> };

export type { EmailCategory } from './layout.ts';
