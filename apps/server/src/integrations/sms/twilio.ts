import twilio from 'twilio';
import { SmsError, type SmsPort, type SmsSendRequest, type SmsSendResult } from './sms.port.ts';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** TWILIO_FROM_NUMBER: the E.164 number (or sender id) messages come from. */
  from: string;
}

/**
 * The real adapter: Twilio's official SDK, translation only. It writes none of our tables.
 *
 * Twilio's Messages API takes no idempotency key, so `idempotencyKey` cannot reach it; the
 * sending job re-reads its row and skips messages already marked sent, which leaves only a
 * crash between Twilio's answer and that mark able to send twice.
 */
export class TwilioSms implements SmsPort {
  readonly mode = 'real' as const;
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioSmsOptions) {
    // The SDK retries 429 answers itself with backoff; 10 s bounds a hung connection.
    this.client = twilio(options.accountSid, options.authToken, { autoRetry: true, maxRetries: 3, timeout: 10_000 });
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    try {
      const message = await this.client.messages.create({ to: request.to, from: this.options.from, body: request.body });
      return { providerMessageId: message.sid, status: message.status };
    } catch (error) {
      throw toSmsError(error);
    }
  }
}

/**
 * Twilio's failures in our terms. A 4xx with an error code (21211 invalid number, 21610
 * unsubscribed, 21614 not SMS-capable…) will fail the same way again: permanent. Rate limits,
 * Twilio's own errors, network failures and rejected credentials (which an operator can fix
 * before the retries run out) are worth retrying.
 */
export function toSmsError(error: unknown): SmsError {
  if (error instanceof SmsError) return error;
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : undefined;
  const code = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const retryable = status === undefined || status === 401 || status === 429 || status >= 500;
  const label =
    code !== undefined ? `Twilio error ${code}` : status !== undefined ? `Twilio HTTP ${status}` : 'Twilio unreachable';
  return new SmsError(`${label}: ${message}`, { kind: retryable ? 'retryable' : 'permanent', providerCode: code, cause: error });
}
