/**
 * Sending one email, in our words. Modules never see a provider SDK: they queue messages
 * (EmailService) and the `notifications.send_email` job hands each one to this port.
 */
export interface OutgoingEmail {
  to: string;
  /** `"Name <address>"` or a bare address. */
  from: string;
  subject: string;
  html: string;
  text: string;
  /** Provider tags for analytics and webhooks: ASCII letters, digits, `_` and `-` only. */
  tags: Record<string, string>;
  /**
   * The same key with the same message is delivered once and answered with the same id
   * (the provider deduplicates over 24 hours); the same key with a different message is refused.
   */
  idempotencyKey: string;
}

export interface EmailPort {
  /** `real` sends through the provider; `fake` keeps the message in the local outbox. */
  readonly mode: 'real' | 'fake';
  send(message: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

/**
 * Why a send failed, and whether trying the same message again later can succeed:
 * retryable (rate limits, provider outages, the network) or permanent (a bad address or
 * key, a reused idempotency key with a different message). Jobs retry only the former.
 */
export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    /** The provider's error name (e.g. `rate_limit_exceeded`), for logs and the message row. */
    public readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EmailDeliveryError';
  }
}
