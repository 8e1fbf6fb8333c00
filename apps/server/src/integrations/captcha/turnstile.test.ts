import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SITEVERIFY_URL, TurnstileCaptcha } from './turnstile.ts';

interface Call {
  url: string;
  init: RequestInit;
  body: Record<string, string>;
}

const realFetch = globalThis.fetch;
let calls: Call[];
/** Answers for successive calls: a JSON body, an HTTP response, or an error to throw. */
let answers: Array<unknown | Response | Error>;

beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(input), init, body: JSON.parse(String(init.body)) as Record<string, string> });
    const answer = answers.shift() ?? { success: true, 'error-codes': [] };
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return answer;
    return Response.json(answer);
  }) as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

const turnstile = (timeoutMs?: number) => new TurnstileCaptcha({ secretKey: '0x4AAAAAAAsecret', siteKey: '0x4AAAAAAAsite', timeoutMs });

describe('Turnstile siteverify adapter', () => {
  it('posts the secret, token, address and an idempotency key as JSON, and reports a pass', async () => {
    answers.push({ success: true, challenge_ts: '2026-11-23T15:00:00.000Z', hostname: 'instainstru.example', 'error-codes': [], action: 'login' });
    const captcha = turnstile();
    expect(captcha).toMatchObject({ mode: 'real', siteKey: '0x4AAAAAAAsite' });
    expect(await captcha.verify('token-from-widget', '203.0.113.5')).toEqual({ success: true, errorCodes: [] });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(SITEVERIFY_URL);
    expect(call!.init.method).toBe('POST');
    expect(new Headers(call!.init.headers).get('content-type')).toBe('application/json');
    expect(call!.init.signal).toBeInstanceOf(AbortSignal);
    expect(call!.body).toEqual({
      secret: '0x4AAAAAAAsecret',
      response: 'token-from-widget',
      remoteip: '203.0.113.5',
      idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('leaves remoteip out when the address is unknown', async () => {
    await turnstile().verify('token');
    expect(calls[0]!.body).not.toHaveProperty('remoteip');
  });

  it("passes Cloudflare's error codes through", async () => {
    answers.push({ success: false, 'error-codes': ['timeout-or-duplicate'] });
    expect(await turnstile().verify('spent')).toEqual({ success: false, errorCodes: ['timeout-or-duplicate'] });
    expect(calls).toHaveLength(1);
  });

  it('does not ask Cloudflare about an empty or impossibly long token', async () => {
    expect(await turnstile().verify('')).toEqual({ success: false, errorCodes: ['missing-input-response'] });
    expect(await turnstile().verify('x'.repeat(2049))).toEqual({ success: false, errorCodes: ['invalid-input-response'] });
    expect(calls).toHaveLength(0);
  });

  it('retries an internal-error once, with the same idempotency key', async () => {
    answers.push({ success: false, 'error-codes': ['internal-error'] }, { success: true, 'error-codes': [] });
    expect(await turnstile().verify('token')).toEqual({ success: true, errorCodes: [] });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.idempotency_key).toBe(calls[0]!.body.idempotency_key);
  });

  it('gives up after the second internal-error', async () => {
    answers.push({ success: false, 'error-codes': ['internal-error'] }, { success: false, 'error-codes': ['internal-error'] });
    expect(await turnstile().verify('token')).toEqual({ success: false, errorCodes: ['internal-error'] });
    expect(calls).toHaveLength(2);
  });

  it('reads a network failure, a timeout or an unreadable answer as internal-error (retried once), never as a pass', async () => {
    answers.push(new TypeError('fetch failed'), new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect(await turnstile().verify('token')).toEqual({ success: false, errorCodes: ['internal-error'] });

    answers.push(new Response('<html>502 Bad Gateway</html>', { status: 502 }), { unexpected: true });
    expect(await turnstile().verify('token')).toEqual({ success: false, errorCodes: ['internal-error'] });
    expect(calls).toHaveLength(4);
  });

  it('aborts a call that takes longer than the timeout', async () => {
    globalThis.fetch = ((_input: string | URL | Request, init: RequestInit = {}) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const started = performance.now();
    expect(await turnstile(20).verify('token')).toEqual({ success: false, errorCodes: ['internal-error'] });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
