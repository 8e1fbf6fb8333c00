/**
 * The password rules the API enforces (apps/server accounts/password.policy.ts), as a
 * checklist the sign-up and reset forms show while typing. The server has the final word:
 * it also refuses well-known passwords.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordRule {
  label: string;
  /** `undefined`: cannot be checked here (shown as a plain rule). */
  met?: boolean;
}

export function passwordRules(password: string, email = ''): PasswordRule[] {
  const length = [...password].length;
  const lower = password.toLowerCase();
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  return [
    { label: `At least ${PASSWORD_MIN_LENGTH} characters`, met: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH },
    { label: 'Not one character repeated', met: length > 0 && new Set(lower).size > 1 },
    {
      label: 'Does not contain your email address',
      met: length > 0 && !(localPart.length >= 4 && lower.includes(localPart)),
    },
    { label: 'Not a common password such as “password123”' },
  ];
}
