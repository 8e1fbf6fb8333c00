import { E164_PATTERN } from '../../integrations/sms/sms.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { checkDailyLimit, marketplaceDay, MAX_SMS_BODY_LENGTH } from './sms.policy.ts';
import type { SmsRepository } from './sms.repository.ts';
import { countSegments, type SmsEncoding } from '../../integrations/sms/segments.ts';
import type { SmsPurpose } from './sms.tables.ts';

export interface QueueSmsInput {
  userId: string;
  /** E.164. A `notification` must go to the user's verified phone; a `verification` may go anywhere. */
  to: string;
  body: string;
  purpose: SmsPurpose;
}

export interface QueuedSms {
  id: string;
  segments: number;
  encoding: SmsEncoding;
  /** Segments still allowed today (New York time) after this one. */
  remainingToday: number;
}

/**
 * The SMS channel (PRODUCT.md §9). `queue` records the message and its sending job in the
 * caller's transaction, so a change that rolls back sends nothing; the job
 * (`notifications.send_sms`, sms.jobs.ts) delivers it through the SMS port.
 *
 * Internal API: callers are other services, which have already authorized the action that
 * causes the message (this is not reachable from a route by itself).
 */
export class SmsService {
  constructor(private readonly deps: { repository: SmsRepository; jobs: Pick<Jobs, 'send'>; clock: Clock; ids: IdGenerator }) {}

  async queue(tx: Tx, input: QueueSmsInput): Promise<QueuedSms> {
    const { repository, jobs, clock, ids } = this.deps;
    if (!E164_PATTERN.test(input.to)) {
      throw new DomainError('bad_request', `SMS recipient must be an E.164 number, got "${input.to}"`);
    }
    if (input.body.length === 0) throw new DomainError('bad_request', 'An SMS needs a body');
    if (input.body.length > MAX_SMS_BODY_LENGTH) {
      throw new DomainError('bad_request', `An SMS body is at most ${MAX_SMS_BODY_LENGTH} characters (got ${input.body.length})`);
    }

    // Lock first: the count below must not change under us until this transaction ends.
    const user = await repository.lockUser(tx, input.userId);
    if (!user) throw notFound('User');
    if (input.purpose === 'notification' && !(user.phoneVerifiedAt && user.phoneE164 === input.to)) {
      throw new DomainError('unprocessable', 'SMS notifications only go to a verified phone number; verify this number first', {
        reason: 'phone_not_verified',
      });
    }

    const { encoding, segments } = countSegments(input.body);
    const now = clock.now();
    const day = marketplaceDay(now);
    const used = await repository.segmentsSince(tx, input.userId, day.start, day.end);
    const decision = checkDailyLimit({ used, requested: segments, now });
    if (!decision.allowed) {
      throw new DomainError(
        'rate_limited',
        `Daily SMS limit reached: ${decision.used} of ${decision.limit} segments already used today (New York time) ` +
          `and this message needs ${segments}. The limit resets at midnight New York time.`,
        {
          limit: decision.limit,
          used: decision.used,
          requested: segments,
          resetsAt: decision.resetsAt.toISOString(),
          retryAfterSeconds: decision.retryAfterSeconds,
        },
      );
    }

    const id = ids();
    await repository.insert(tx, {
      id,
      userId: input.userId,
      to: input.to,
      body: input.body,
      purpose: input.purpose,
      segments,
      encoding,
      createdAt: now,
    });
    await jobs.send('notifications.send_sms', { messageId: id }, { tx });
    return { id, segments, encoding, remainingToday: decision.remaining };
  }
}
