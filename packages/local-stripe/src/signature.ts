import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header for a webhook body: HMAC-SHA256, keyed with the endpoint secret
 * as its literal UTF-8 text (`whsec_…`, not decoded), over `${t}.${payload}`, in hex.
 */
export function signStripePayload(secret: string, payload: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
