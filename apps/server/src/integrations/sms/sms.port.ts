/**
 * Sending one SMS, in our words. The module decides whom and what; an adapter only delivers:
 * Twilio (`twilio.ts`) or the local outbox (`outbox.ts`), chosen in `sms.adapter.ts`.
 */
/** E.164: +, a country code not starting with 0, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export interface SmsSendRequest {
  /** E.164, e.g. +12125550100. */
  to: string;
  body: string;
  /**
   * The same key must never produce two messages: the outbox returns the first message for a
   * repeated key. Twilio's Messages API has no idempotency key, so the real adapter cannot
   * honour it; callers re-read their own state before sending (see sms.jobs.ts).
   */
  idempotencyKey: string;
}

export interface SmsSendResult {
  /** The provider's message id (Twilio sid, 'SM' + 32 hex). */
  providerMessageId: string;
  /** The provider's status, as it reported it (Twilio: queued, accepted, sending, sent…). */
  status: string;
}

export interface SmsPort {
  readonly mode: 'real' | 'fake';
  send(request: SmsSendRequest): Promise<SmsSendResult>;
}

/**
 * Why a send failed. `permanent`: sending again cannot succeed (invalid or unreachable number,
 * opted out, bad request). `retryable`: it may succeed later (rate limited, provider down,
 * network), so the job should be retried with backoff.
 */
export type SmsErrorKind = 'permanent' | 'retryable';

export class SmsError extends Error {
  readonly kind: SmsErrorKind;
  /** Twilio's error code (21211, 21614…) when the provider gave one. */
  readonly providerCode: number | undefined;

  constructor(message: string, options: { kind: SmsErrorKind; providerCode?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'SmsError';
    this.kind = options.kind;
    this.providerCode = options.providerCode;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }
}
