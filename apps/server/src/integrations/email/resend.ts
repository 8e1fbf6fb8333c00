import type { CreateEmailOptions, CreateEmailRequestOptions, CreateEmailResponse, ErrorResponse } from 'resend';
import { EmailDeliveryError, type EmailPort, type OutgoingEmail } from './email.port.ts';

/** The part of the official SDK this adapter uses; `new Resend(apiKey)` is one (tests pass a stub). */
export interface ResendClient {
  emails: {
    send(payload: CreateEmailOptions, options?: CreateEmailRequestOptions): Promise<CreateEmailResponse>;
  };
}

/**
 * Resend error names that may succeed when the same request is sent again later
 * (reference/integrations.md §3). Every other documented name is permanent: a bad key, address
 * or payload, or an idempotency key reused with a different message, will fail the same way.
 */
const RETRYABLE = new Set<string>([
  'rate_limit_exceeded', // 429: slow down
  'daily_quota_exceeded', // 429: tomorrow's quota will take it
  'concurrent_idempotent_requests', // 409: another attempt with this key is still in flight
  'application_error', // 500, or the SDK could not reach the API at all (statusCode null)
  'internal_server_error', // 500
]);

const PERMANENT = new Set<string>([
  'invalid_idempotency_key',
  'validation_error',
  'missing_api_key',
  'restricted_api_key',
  'invalid_api_key',
  'not_found',
  'method_not_allowed',
  'invalid_idempotent_request', // 409: same key, different payload
  'invalid_attachment',
  'invalid_from_address',
  'invalid_access',
  'invalid_parameter',
  'invalid_region',
  'missing_required_field',
  'monthly_quota_exceeded', // 429, but retrying within the hour's backoff cannot help
  'security_error',
]);

/** Whether a Resend error is worth retrying; names the SDK may add later are judged by status. */
export function isRetryableResendError(error: Pick<ErrorResponse, 'name' | 'statusCode'>): boolean {
  if (RETRYABLE.has(error.name)) return true;
  if (PERMANENT.has(error.name)) return false;
  return error.statusCode === null || error.statusCode === 429 || error.statusCode >= 500;
}

/** Resend allows only ASCII letters, digits, `_` and `-` in tag names and values (≤ 256). */
function tagPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

/** Email through Resend's official SDK: translation only (our message → its request, its errors → ours). */
export class ResendEmailAdapter implements EmailPort {
  readonly mode = 'real' as const;

  constructor(private readonly client: ResendClient) {}

  async send(message: OutgoingEmail): Promise<{ providerMessageId: string }> {
    let response: CreateEmailResponse;
    try {
      response = await this.client.emails.send(
        {
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          tags: Object.entries(message.tags).map(([name, value]) => ({ name: tagPart(name), value: tagPart(value) })),
        },
        // Sent as the Idempotency-Key header: a retried job never delivers twice.
        { idempotencyKey: message.idempotencyKey },
      );
    } catch (cause) {
      // The SDK reports HTTP failures as values; a throw means the request never completed.
      throw new EmailDeliveryError(`Resend request failed: ${(cause as Error)?.message ?? String(cause)}`, true, 'request_failed', { cause });
    }
    if (response.error) {
      const { name, statusCode, message: detail } = response.error;
      throw new EmailDeliveryError(`Resend refused the email (${statusCode ?? 'no response'} ${name}): ${detail}`, isRetryableResendError(response.error), name);
    }
    return { providerMessageId: response.data.id };
  }
}
