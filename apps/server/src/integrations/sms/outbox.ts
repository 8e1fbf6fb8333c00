import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { countSegments } from './segments.ts';
import { E164_PATTERN, SmsError, type SmsPort, type SmsSendRequest, type SmsSendResult } from './sms.port.ts';

/** Twilio's test "From" number, which test credentials accept (integrations.md §4). */
export const OUTBOX_DEFAULT_FROM = '+15005550006';

/**
 * Twilio's magic "To" numbers and the errors they provoke, so code paths for undeliverable
 * numbers can be exercised locally exactly as against Twilio with test credentials.
 */
export const MAGIC_NUMBER_ERRORS: Readonly<Record<string, { code: number; message: string }>> = {
  '+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number is not currently reachable via SMS." },
  '+15005550003': {
    code: 21408,
    message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.",
  },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient.' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number." },
};

/** 'SM' + 32 lowercase hex digits, like a Twilio message sid. */
export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

function rejected(code: number, message: string): SmsError {
  return new SmsError(`Twilio error ${code}: ${message}`, { kind: 'permanent', providerCode: code });
}

/**
 * The local stand-in for Twilio: every accepted message is stored in `outbox_sms`, where
 * developers read it (GET /api/v1/dev/outbox/sms). It refuses what Twilio refuses at the API
 * (bad numbers, magic test numbers, empty or over-long bodies) and answers a repeated
 * idempotency key with the message it already accepted.
 */
export class OutboxSms implements SmsPort {
  readonly mode = 'fake' as const;

  constructor(private readonly deps: { db: Db; clock: Clock; from?: string; newSid?: () => string }) {}

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const magic = MAGIC_NUMBER_ERRORS[request.to];
    if (magic) throw rejected(magic.code, magic.message);
    if (!E164_PATTERN.test(request.to)) throw rejected(21211, `The 'To' number ${request.to} is not a valid phone number.`);
    if (request.body.length === 0) throw rejected(21602, 'Message body is required.');
    if (request.body.length > 1600) throw rejected(21617, 'The concatenated message body exceeds the 1600 character limit.');

    const { db, clock } = this.deps;
    const from = this.deps.from ?? OUTBOX_DEFAULT_FROM;
    await db
      .insertInto('outboxSms')
      .values({
        id: (this.deps.newSid ?? newMessageSid)(),
        to: request.to,
        from,
        body: request.body,
        segments: countSegments(request.body).segments,
        idempotencyKey: request.idempotencyKey,
        createdAt: clock.now(),
      })
      .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
      .execute();
    // Whether this call inserted it or an earlier one with the same key did.
    const stored = await db
      .selectFrom('outboxSms')
      .select(['id', 'to', 'body', 'status'])
      .where('idempotencyKey', '=', request.idempotencyKey)
      .executeTakeFirstOrThrow();
    if (stored.to !== request.to || stored.body !== request.body) {
      // A reused key with different content is a bug in the caller, never a retry.
      throw new SmsError(`Idempotency key ${request.idempotencyKey} was already used for a different message`, {
        kind: 'permanent',
      });
    }
    return { providerMessageId: stored.id, status: stored.status };
  }
}

export interface OutboxSmsItem {
  id: string;
  to: string;
  from: string;
  body: string;
  segments: number;
  createdAt: Date;
}

/** What the outbox holds, newest first, optionally only messages to one number. */
export function listOutboxSms(db: Db, query: { to?: string; limit: number }): Promise<OutboxSmsItem[]> {
  let select = db.selectFrom('outboxSms').select(['id', 'to', 'from', 'body', 'segments', 'createdAt']);
  if (query.to) select = select.where('to', '=', query.to);
  return select.orderBy('seq', 'desc').limit(query.limit).execute();
}
