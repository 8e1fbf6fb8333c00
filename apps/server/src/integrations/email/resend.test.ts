import type { CreateEmailOptions, CreateEmailRequestOptions, CreateEmailResponse, ErrorResponse } from 'resend';
import { describe, expect, it } from 'vitest';
import { EmailDeliveryError, type OutgoingEmail } from './email.port.ts';
import { isRetryableResendError, ResendEmailAdapter, type ResendClient } from './resend.ts';

const message: OutgoingEmail = {
  to: 'ana@example.com',
  from: 'InstaInstru <hello@instainstru.example>',
  subject: 'Verify your email address',
  html: '<p>Hi Ana</p>',
  text: 'Hi Ana',
  tags: { template: 'verify_email', category: 'account', message_id: '01JD0000000000000000000000' },
  idempotencyKey: 'email:01JD0000000000000000000000',
};

/** A stand-in for the SDK's client object: records each call and answers as told. */
function stubClient(answer: () => Promise<CreateEmailResponse>) {
  const calls: Array<{ payload: CreateEmailOptions; options?: CreateEmailRequestOptions }> = [];
  const client: ResendClient = {
    emails: {
      send: (payload, options) => {
        calls.push({ payload, options });
        return answer();
      },
    },
  };
  return { client, calls };
}

const failure = (name: ErrorResponse['name'], statusCode: number | null): CreateEmailResponse => ({
  data: null,
  error: { name, statusCode, message: `Resend said ${name}` },
  headers: null,
});

async function errorFrom(response: CreateEmailResponse): Promise<EmailDeliveryError> {
  const { client } = stubClient(async () => response);
  const error = await new ResendEmailAdapter(client).send(message).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EmailDeliveryError);
  return error as EmailDeliveryError;
}

describe('Resend adapter', () => {
  it('is the real adapter', () => {
    expect(new ResendEmailAdapter(stubClient(async () => failure('application_error', 500)).client).mode).toBe('real');
  });

  it('sends our message as a Resend request with tags as name/value pairs and the idempotency key', async () => {
    const { client, calls } = stubClient(async () => ({ data: { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' }, error: null, headers: {} }));
    const result = await new ResendEmailAdapter(client).send(message);
    expect(result).toEqual({ providerMessageId: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toEqual({
      from: message.from,
      to: 'ana@example.com',
      subject: 'Verify your email address',
      html: '<p>Hi Ana</p>',
      text: 'Hi Ana',
      tags: [
        { name: 'template', value: 'verify_email' },
        { name: 'category', value: 'account' },
        { name: 'message_id', value: '01JD0000000000000000000000' },
      ],
    });
    expect(calls[0]!.options).toEqual({ idempotencyKey: 'email:01JD0000000000000000000000' });
  });

  it('replaces characters Resend refuses in tags instead of failing the email', async () => {
    const { client, calls } = stubClient(async () => ({ data: { id: 'x' }, error: null, headers: {} }));
    await new ResendEmailAdapter(client).send({ ...message, tags: { 'the kind': 'a.b@c' } });
    expect(calls[0]!.payload.tags).toEqual([{ name: 'the_kind', value: 'a_b_c' }]);
  });

  it.each([
    ['rate_limit_exceeded', 429],
    ['daily_quota_exceeded', 429],
    ['concurrent_idempotent_requests', 409],
    ['application_error', 500],
    ['internal_server_error', 500],
    ['application_error', null],
  ] as const)('treats %s (%s) as retryable', async (name, status) => {
    const error = await errorFrom(failure(name, status));
    expect(error).toMatchObject({ retryable: true, code: name });
    expect(error.message).toContain(name);
  });

  it.each([
    ['invalid_idempotent_request', 409],
    ['invalid_idempotency_key', 400],
    ['validation_error', 422],
    ['validation_error', 403],
    ['missing_api_key', 401],
    ['restricted_api_key', 401],
    ['invalid_api_key', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['invalid_attachment', 422],
    ['invalid_from_address', 422],
    ['invalid_access', 422],
    ['invalid_parameter', 422],
    ['invalid_region', 422],
    ['missing_required_field', 422],
    ['monthly_quota_exceeded', 429],
    ['security_error', 451],
  ] as const)('treats %s (%s) as permanent', async (name, status) => {
    expect(await errorFrom(failure(name, status))).toMatchObject({ retryable: false, code: name });
  });

  it('judges error names it does not know by their status', () => {
    const unknown = (statusCode: number | null) => isRetryableResendError({ name: 'brand_new_error' as ErrorResponse['name'], statusCode });
    expect(unknown(503)).toBe(true);
    expect(unknown(429)).toBe(true);
    expect(unknown(null)).toBe(true);
    expect(unknown(400)).toBe(false);
    expect(unknown(422)).toBe(false);
  });

  it('treats an SDK that throws (the request never completed) as retryable', async () => {
    const { client } = stubClient(async () => {
      throw new TypeError('fetch failed');
    });
    const error = await new ResendEmailAdapter(client).send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailDeliveryError);
    expect(error).toMatchObject({ retryable: true, code: 'request_failed' });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});
