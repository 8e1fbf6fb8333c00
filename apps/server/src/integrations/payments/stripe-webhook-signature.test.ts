import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeWebhook } from './stripe-webhook-signature.ts';

const secret = 'whsec_test';
const t = 1_700_000_000;
const body = '{"id":"evt_1","object":"event"}';
const sign = (payload: string, timestamp = t, key = secret) => Stripe.webhooks.generateTestHeaderString({ payload, secret: key, timestamp });
const verify = (payload: string | undefined, header: string | undefined, nowMs = t * 1000) =>
  verifyStripeWebhook({ rawBody: payload === undefined ? undefined : Buffer.from(payload), signatureHeader: header, secret, nowMs });

describe('verifying a Stripe webhook with the SDK on our clock', () => {
  it('accepts the reference vector of integrations.md §1.3, signed by hand', () => {
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(v1).toBe('4c15fb2a43f93ef61eaa3e0893866d57cad9cad4223242cfb96f362480cb4021');
    expect(verify(body, `t=${t},v1=${v1}`)).toEqual({ ok: true, payload: { id: 'evt_1', object: 'event' } });
  });

  it('accepts any matching v1 among several, and ignores other schemes', () => {
    expect(verify(body, `t=${t},v0=abc,v1=${'0'.repeat(64)},${sign(body).split(',')[1]}`).ok).toBe(true);
  });

  it('judges the age by the time given, not the wall clock: 300 s old passes, 301 s does not', () => {
    expect(verify(body, sign(body), (t + 300) * 1000).ok).toBe(true);
    expect(verify(body, sign(body), (t + 301) * 1000)).toMatchObject({ ok: false, refusal: 'stale_timestamp' });
    // As Stripe: a timestamp ahead of us is not refused.
    expect(verify(body, sign(body, t + 3600)).ok).toBe(true);
  });

  it('refuses a missing header, a malformed one, another secret and changed bytes', () => {
    expect(verify(body, undefined)).toMatchObject({ ok: false, refusal: 'missing_signature' });
    expect(verify(body, '')).toMatchObject({ ok: false, refusal: 'missing_signature' });
    expect(verify(body, 'garbage')).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(verify(body, `t=${t}`)).toMatchObject({ ok: false, refusal: 'bad_signature', message: 'No signatures found with expected scheme' });
    expect(verify(body, sign(body, t, 'whsec_other'))).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(verify(`${body} `, sign(body))).toMatchObject({ ok: false, refusal: 'bad_signature' });
  });

  it('refuses a correctly signed body that is not an event: empty, broken JSON, a v2 thin event', () => {
    expect(verify('', sign(''))).toMatchObject({ ok: false, refusal: 'malformed_payload' });
    expect(verify('{"id":', sign('{"id":'))).toMatchObject({ ok: false, refusal: 'malformed_payload' });
    const thin = '{"id":"evt_2","object":"v2.core.event"}';
    expect(verify(thin, sign(thin))).toMatchObject({ ok: false, refusal: 'malformed_payload' });
  });
});
