import type { Tx } from '../../platform/db/database.ts';
import type { LoginTicket } from './login-protection.service.ts';
import type { EmailTemplateData } from '../notifications/email-templates/email-templates.ts';

/**
 * What the auth module needs from its neighbours, in its own words, so it depends on
 * behaviour rather than on the notification or CAPTCHA modules' internals.
 */
export type AccountEmailTemplate =
  | 'welcome'
  | 'verify_email'
  | 'password_reset'
  | 'password_reset_confirmation'
  | 'password_changed'
  | '2fa_changed'
  | 'new_device_login';

export interface AccountEmails {
  /** Queues an email inside the caller's transaction (nothing is sent if it rolls back). */
  queue<N extends AccountEmailTemplate>(tx: Tx, email: { to: string; userId: string; template: N; data: EmailTemplateData[N] }): Promise<unknown>;
}

/** Login protection (login-protection.service.ts): reserve an attempt before checking it, then say how it ended. */
export interface LoginGuard {
  reserve(attempt: { email: string; ip: string }): Promise<LoginTicket>;
}

export interface CaptchaVerifier {
  verify(token: string, remoteIp?: string): Promise<{ success: boolean; errorCodes: string[] }>;
}

/** Where a request came from, for sessions, devices and security emails. */
export interface RequestContext {
  ip: string;
  userAgent: string;
}
