/**
 * Password rules, checked before hashing and explained in plain words. Length matters more
 * than character classes (NIST SP 800-63B): at least 10 characters, at most 128, not a
 * well-known password, not the email's name, not one character repeated.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop',
  'qwerty12345', 'iloveyou12', 'letmein123', 'welcome123', 'admin12345', 'abcdefghij', 'passw0rd12', 'football12',
  'baseball12', 'instainstru', 'instainstru1', 'newyork123', 'newyorkcity', '0123456789', '1111111111', 'aaaaaaaaaa',
  'qwertyuiop1', 'trustno1234', 'dragon12345', 'sunshine123', 'princess123', 'monkey12345',
]);

export function passwordProblems(password: string, context: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('is too common; choose something less guessable');
  if (length > 0 && new Set(lower).size === 1) problems.push('must not be one character repeated');
  const localPart = context.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) problems.push('must not contain your email address');
  return problems;
}
