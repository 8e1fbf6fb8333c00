/**
 * Absolute links into the web app, built from PUBLIC_URL (an email client has no "current
 * origin"). Tokens are query parameters so the page can read and then exchange them.
 */
export interface EmailLinks {
  home: string;
  verifyEmail(token: string): string;
  resetPassword(token: string): string;
  /** Where someone who did not make a change starts a password reset. */
  forgotPassword: string;
  /** The account page's list of signed-in sessions (web app: /account, section #sessions). */
  accountSessions: string;
  /** The account page's two-factor settings (section #two-factor). */
  accountTwoFactor: string;
  /** The student's saved cards, where a failing card is replaced (web app: /account/payment-methods). */
  accountPaymentMethods: string;
}

export function emailLinks(publicUrl: string): EmailLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const withToken = (path: string, token: string) => `${base}${path}?${new URLSearchParams({ token })}`;
  return {
    home: `${base}/`,
    verifyEmail: (token) => withToken('/verify-email', token),
    resetPassword: (token) => withToken('/reset-password', token),
    forgotPassword: `${base}/forgot-password`,
    accountSessions: `${base}/account#sessions`,
    accountTwoFactor: `${base}/account#two-factor`,
    accountPaymentMethods: `${base}/account/payment-methods`,
  };
}
