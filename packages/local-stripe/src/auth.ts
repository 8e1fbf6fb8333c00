import { authenticationError } from './errors.ts';

export type KeyKind = 'secret' | 'publishable';

const missingKey =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

function masked(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
}

/**
 * Any `sk_test_…` key is the one test account; a `pk_test_…` key only reaches what Stripe.js
 * may call. Bearer as the SDK sends it, or Basic as `curl -u sk_test_…:` does.
 */
export function authenticate(header: string | null): KeyKind {
  if (!header) throw authenticationError(missingKey);
  let key = '';
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') key = value;
  else if (scheme?.toLowerCase() === 'basic') key = Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) throw authenticationError(missingKey);
  if (/^sk_test_\w+$/.test(key) || /^rk_test_\w+$/.test(key)) return 'secret';
  if (/^pk_test_\w+$/.test(key)) return 'publishable';
  throw authenticationError(`Invalid API Key provided: ${masked(key)}`);
}

export function publishableRefused(): never {
  throw authenticationError('This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.');
}
