import { randomInt } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { SmsRepository } from '../notifications/sms.repository.ts';
import { SmsService } from '../notifications/sms.service.ts';
import {
  CODE_TTL_MS,
  codeMatches,
  deriveCodeKey,
  evaluateAttempt,
  formatCode,
  hashCode,
  isCodeShaped,
  normalizePhone,
  resendWaitMs,
  verificationMessage,
} from './phone.policy.ts';
import { PhoneRepository } from './phone.repository.ts';

export interface PhoneServiceDeps {
  db: Db;
  repository: PhoneRepository;
  sms: SmsService;
  clock: Clock;
  ids: IdGenerator;
  /** HMAC key for codes (deriveCodeKey). */
  codeKey: Buffer;
  /** Six random digits; replaced in tests to know the code without reading the SMS. */
  generateCode?: () => string;
}

/** The caller's user id, once they are a signed-in user allowed to manage their own account. */
function requireAccountOwner(principal: Principal | null | undefined): string {
  if (!principal) throw new DomainError('unauthenticated', 'Sign in to manage your phone number');
  if (principal.kind !== 'user' || !principal.permissions.has('account:manage_own')) {
    throw new DomainError('forbidden', 'Only a signed-in user can manage their own phone number');
  }
  return principal.userId;
}

type VerifyResult =
  | { kind: 'verified'; phone: string; verifiedAt: Date }
  | { kind: 'none' }
  | { kind: 'wrong'; remainingAttempts: number }
  | { kind: 'expired'; expiresAt: Date }
  | { kind: 'dead' };

/**
 * Phone verification (PRODUCT.md §1): a 6-digit code by SMS, valid 10 minutes, 5 attempts.
 * Until a number is verified it is not the user's phone: SMS notifications go only to
 * users.phone_e164 once phone_verified_at is set.
 */
export class PhoneService {
  constructor(private readonly deps: PhoneServiceDeps) {}

  /** Sends a code to `phone` (any usual US format or +E.164), replacing any pending one. */
  async requestCode(
    principal: Principal | null | undefined,
    input: { phone: string },
  ): Promise<{ phone: string; expiresAt: Date }> {
    const userId = requireAccountOwner(principal);
    const normalized = normalizePhone(input.phone);
    if (!normalized.ok) {
      throw new DomainError('validation_failed', `body.phone: ${normalized.reason}`, {
        errors: [{ field: 'body.phone', reason: normalized.reason }],
      });
    }
    const phone = normalized.e164;
    const { db, repository, sms, clock, ids, codeKey } = this.deps;
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);

    return db.transaction().execute(async (tx) => {
      const user = await repository.lockUser(tx, userId);
      if (!user) throw notFound('User');
      if (user.phoneE164 === phone && user.phoneVerifiedAt) {
        throw new DomainError('conflict', 'This phone number is already verified on your account');
      }
      const pending = await repository.findPendingForUpdate(tx, userId);
      const waitMs = resendWaitMs(pending?.createdAt, now);
      if (waitMs > 0) {
        const retryAfterSeconds = Math.ceil(waitMs / 1000);
        throw new DomainError('rate_limited', `A code was just sent; you can ask for another in ${retryAfterSeconds} s`, {
          retryAfterSeconds,
        });
      }
      await repository.deletePending(tx, userId);
      const id = ids();
      const code = (this.deps.generateCode ?? (() => formatCode(randomInt(0, 1_000_000))))();
      await repository.insert(tx, {
        id,
        userId,
        phoneE164: phone,
        codeHash: hashCode(codeKey, id, code),
        expiresAt,
        createdAt: now,
      });
      // Counts against the daily SMS cap; over it, the whole request rolls back.
      await sms.queue(tx, { userId, to: phone, body: verificationMessage(code), purpose: 'verification' });
      return { phone, expiresAt };
    });
  }

  /** Checks a code against the pending verification; on success the number becomes the user's phone. */
  async verify(principal: Principal | null | undefined, input: { code: string }): Promise<{ phone: string; verifiedAt: Date }> {
    const userId = requireAccountOwner(principal);
    if (!isCodeShaped(input.code)) {
      throw new DomainError('validation_failed', 'body.code: must be the 6 digits we sent', {
        errors: [{ field: 'body.code', reason: 'must be the 6 digits we sent' }],
      });
    }
    const { db, repository, clock, codeKey } = this.deps;
    const now = clock.now();

    // Decide and record inside the transaction, throw after it: a wrong attempt must be
    // counted even though the request then fails.
    const result = await db.transaction().execute(async (tx): Promise<VerifyResult> => {
      const pending = await repository.findPendingForUpdate(tx, userId);
      if (!pending) return { kind: 'none' };
      const attempt = evaluateAttempt(pending, now, codeMatches(codeKey, pending.id, input.code, pending.codeHash));
      switch (attempt.outcome) {
        case 'verified':
          await repository.markVerified(tx, pending.id, now);
          await repository.setVerifiedPhone(tx, userId, pending.phoneE164, now);
          return { kind: 'verified', phone: pending.phoneE164, verifiedAt: now };
        case 'wrong':
          await repository.recordWrongAttempt(tx, pending.id);
          return { kind: 'wrong', remainingAttempts: attempt.remainingAttempts };
        case 'expired':
          return { kind: 'expired', expiresAt: pending.expiresAt };
        case 'dead':
          return { kind: 'dead' };
      }
    });

    switch (result.kind) {
      case 'verified':
        return { phone: result.phone, verifiedAt: result.verifiedAt };
      case 'none':
        throw new DomainError('not_found', 'No phone verification is in progress: request a code first');
      case 'wrong':
        throw new DomainError(
          'bad_request',
          result.remainingAttempts > 0
            ? `That code is not correct; ${result.remainingAttempts} attempt${result.remainingAttempts === 1 ? '' : 's'} left`
            : 'That code is not correct and no attempts are left: request a new code',
          {
            remainingAttempts: result.remainingAttempts,
            errors: [{ field: 'body.code', reason: 'does not match the code we sent' }],
          },
        );
      case 'expired':
        throw new DomainError('gone', `This code expired at ${result.expiresAt.toISOString()}: request a new code`, {
          reason: 'expired',
          expiredAt: result.expiresAt.toISOString(),
        });
      case 'dead':
        throw new DomainError('gone', 'Too many wrong codes: this code no longer works, request a new one', {
          reason: 'too_many_attempts',
        });
    }
  }
}

/** The phone service with its collaborators, as the application wires it. */
export function createPhoneService(deps: {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  db: Db;
  jobs: Pick<Jobs, 'send'>;
}): PhoneService {
  const encryptionKey = deps.config.ENCRYPTION_KEY;
  // loadConfig always fills it (a development default outside production).
  if (!encryptionKey) throw new Error('ENCRYPTION_KEY is required to hash phone verification codes');
  const sms = new SmsService({ repository: new SmsRepository(deps.db), jobs: deps.jobs, clock: deps.clock, ids: deps.ids });
  return new PhoneService({
    db: deps.db,
    repository: new PhoneRepository(),
    sms,
    clock: deps.clock,
    ids: deps.ids,
    codeKey: deriveCodeKey(encryptionKey),
  });
}
