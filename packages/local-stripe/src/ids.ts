import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) text += alphabet[byte % alphabet.length];
  return text;
}

/** Stripe-shaped ids: the object's prefix, then 24 random base-62 characters (`pi_3Q…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomText(24)}`;
}

/** `pi_…_secret_…` / `seti_…_secret_…`, what Stripe.js receives to confirm in the browser. */
export function newClientSecret(intentId: string): string {
  return `${intentId}_secret_${randomText(25)}`;
}
