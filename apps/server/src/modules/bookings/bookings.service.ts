import { createHash } from 'node:crypto';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Geocoder } from '../../integrations/geocoding/geocoding.port.ts';
import { hasPermission, type Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { z } from 'zod';
import { isFreeTime, lockFreeTimeOf, takeFromFreeTime } from '../availability/free-time.repository.ts';
import { DEFAULT_MINIMUM_NOTICE_MINUTES, DEFAULT_STEP_MINUTES } from '../availability/slots.policy.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { GeoRepository } from '../geo/geo.repository.ts';
import { lessonTypeProblem, type LessonType } from '../instructors/profile.policy.ts';
import { payoutStatus } from '../payouts/payout-status.policy.ts';
import { quoteBooking } from './booking-quote.policy.ts';
import { EXCLUSION_VIOLATION, invalidField, slotTaken, sqlState, UNIQUE_VIOLATION } from './booking-errors.ts';
import { authenticationOf, endRefusedHold, type PaymentAuthentication } from './booking-authentication.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { authorizedAtBooking, BookingPayment } from './booking-payment.ts';
import { initialState } from './booking.policy.ts';
import { TIME_HOLDING_STATUSES } from './booking-states.ts';
import { BatchedLookup } from '../../platform/batched-lookup.ts';
import { BookingTurns, type HeldTime } from './booking-turns.ts';
import { customerWithSavedCard } from './saved-card.ts';
import type { BookingEmails } from './booking-emails.ts';
import { bookingDetail, bookingListItems, type BookingDetailView } from './booking-detail.ts';
import { bookingView, type BookingView, type BookingViewer } from './booking-view.ts';
import type { BookingRow, BookingsRepository, BookingsWhen } from './bookings.repository.ts';

const MINUTE_MS = 60_000;
/** A hold with no valid payment frees its time after this long (issue 11 item 1). */
export const HOLD_MINUTES = 10;

export interface BookingRequest {
  instructorId: string;
  serviceId: string;
  durationMinutes: number;
  startsAt: string;
  locationType: LessonType;
  address?: string | undefined;
  paymentMethodId?: string | undefined;
}

export type QuoteRequest = Omit<BookingRequest, 'address' | 'paymentMethodId'>;

export interface BookingsServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  payments: PaymentsPort;
  geocoder: Geocoder;
  places: Pick<GeoRepository, 'servesPoint' | 'neighborhoodAt'>;
  repository: BookingsRepository;
  /** Told after every committed change of someone's free time (cached search pages forget it). */
  freeTimeChanged: () => Promise<void>;
  /** This process's booking turns (booking-turns.ts); a fresh one that never lingers if not given. */
  turns?: BookingTurns;
  /** The lesson emails, queued in the transaction of the change they tell about. */
  emails: BookingEmails;
}

/**
 * Booking a lesson (issue 11 items 1, 8 and 11): the quote, instant booking with its hold and
 * payment validation, reading one booking and one's lists. Each method checks the caller
 * first. Status changes here are the literal first steps of the booking's life (pending hold
 * → confirmed or expired); later moves belong to the state machine (booking.policy.ts).
 */
export class BookingsService {
  private readonly payment: BookingPayment;
  private readonly turns: BookingTurns;
  /**
   * The booking made under a key, asked by every refused booking request that sends one: batched,
   * so a burst's refusals (a race for one time) cost a few queries, not one each
   * (platform/batched-lookup.ts).
   */
  private readonly bookingsByKey = new BatchedLookup<{ studentId: string; key: string }, BookingRow>(
    async (keys) => new Map((await this.deps.repository.findByIdempotencyKeys(this.deps.db, keys)).map((row) => [keyIdOf(row.studentId, row.idempotencyKey!), row])),
    ({ studentId, key }) => keyIdOf(studentId, key),
    // Only refusals wait for it: 10 ms gathers a burst's spread-out refusals into a few queries.
    // The waiters of a line are refused all at once when the winner's booking commits: those go
    // at once (the window would add 10 ms to every answer of a race).
    { windowMs: 10, flushAtKeys: 16 },
  );

  constructor(private readonly deps: BookingsServiceDeps) {
    this.payment = new BookingPayment(deps);
    this.turns = deps.turns ?? new BookingTurns();
  }

  /** The price breakdown for the signed-in student (their credits applied). */
  async quote(principal: Principal | null, query: QuoteRequest) {
    const studentId = requireOwner(principal, 'bookings:create');
    const offer = await this.checkOffer(studentId, query, 'query');
    const credits = await this.deps.repository.availableCredits(this.deps.db, studentId);
    return quoteBooking({ lessonCents: offer.lessonCents, credits, now: this.deps.clock.now() });
  }

  /**
   * Books a lesson. With an idempotency key, the same request again answers the same booking
   * (`created: false`); the same key with another request is refused. `authentication` is set
   * while the booking waits for the student's bank (3-D Secure, booking-authentication.ts).
   */
  async create(
    principal: Principal | null,
    request: BookingRequest,
    idempotencyKey?: string,
  ): Promise<{ booking: BookingView; created: boolean; authentication: PaymentAuthentication | null }> {
    const studentId = requireOwner(principal, 'bookings:create');
    if (!idempotencyKey) return this.book(studentId, request);
    const fingerprint = fingerprintOf(request);
    const attempt: KeyedAttempt = { key: idempotencyKey, fingerprint, madeBookingId: null };
    try {
      return await this.book(studentId, request, attempt);
    } catch (error) {
      // Whatever refused this attempt, a booking already made under the key is the answer: a retry
      // of a request that booked (its time is taken by that booking, or its insert met the key),
      // or its twin sent at the same time. The key is looked up only here, after the attempt (which
      // can write nothing under a used key: the insert is unique on it), so a successful booking
      // pays no lookup and a burst's refusals share a few batched ones.
      const code = error instanceof DomainError ? 'refused' : sqlState(error)?.code;
      if (code === 'refused' || code === UNIQUE_VIOLATION) {
        const earlier = await this.bookingsByKey.load({ studentId, key: idempotencyKey }).catch(() => undefined);
        // This attempt's own booking (its hold ended: a refused card) is not an earlier one: its refusal stands.
        if (earlier && earlier.id !== attempt.madeBookingId) return { ...(await this.replay(earlier, fingerprint)), created: false };
      }
      throw error;
    }
  }

  /**
   * Requests of this process for one instructor's times that could meet take turns
   * (booking-turns.ts): in a burst for one time, the first books and the others are answered
   * `slot_taken` as soon as it holds the time, without repeating its checks and provider calls.
   */
  private async book(
    studentId: string,
    request: BookingRequest,
    idempotency?: KeyedAttempt,
  ): Promise<{ booking: BookingView; created: boolean; authentication: PaymentAuthentication | null }> {
    const start = Date.parse(request.startsAt);
    return this.turns.take(request.instructorId, { start, end: start + request.durationMinutes * MINUTE_MS }, async (holding) => {
      const { held, ...result } = await this.bookInTurn(studentId, request, idempotency, holding);
      return { result, held: TIME_HOLDING_STATUSES.includes(result.booking.status) ? held : null };
    });
  }

  private async bookInTurn(
    studentId: string,
    request: BookingRequest,
    idempotency?: KeyedAttempt,
    holding?: (held: HeldTime) => void,
  ): Promise<{ booking: BookingView; created: boolean; authentication: PaymentAuthentication | null; held: HeldTime }> {
    const { db, clock, repository } = this.deps;
    const startsAt = new Date(request.startsAt);
    const endsAt = new Date(startsAt.getTime() + request.durationMinutes * MINUTE_MS);
    // The checks do not depend on each other, so each stage asks its own at once; refusals are
    // reported in this order whichever answers first. The offer and the time come first, from the
    // database alone: a request for a time already taken (most of a race) is refused before it
    // costs a geocoding or a card call at the providers.
    const [offer] = firstRefusalOf(await Promise.allSettled([this.checkOffer(studentId, request, 'body'), this.checkStart(request, startsAt, endsAt)] as const));
    const [place, credits, customerId] = firstRefusalOf(
      await Promise.allSettled([
        this.checkPlace(request),
        repository.availableCredits(db, studentId),
        request.paymentMethodId ? customerWithSavedCard(this.deps, studentId, request.paymentMethodId) : Promise.resolve(null),
      ] as const),
    );
    const estimate = quoteBooking({ lessonCents: offer.lessonCents, credits, now: clock.now() });
    if (!request.paymentMethodId && estimate.cardCents > 0) throw invalidField('body.paymentMethodId', 'is required: choose one of your saved cards', 'validation_failed');

    const id = this.deps.ids();
    if (idempotency) idempotency.madeBookingId = id;
    const now = clock.now();
    let booking: BookingRow;
    try {
      booking = await db.transaction().execute(async (trx) => {
        // The instructor's time, then the student's: an overlapping booking in flight waits here,
        // then meets this one committed (never a deadlock between two inserts).
        await lockFreeTimeOf(trx, [request.instructorId]);
        await repository.lockStudentTime(trx, studentId);
        // Checked before asking the card; again under the lock, where availability cannot change before this commits.
        if (!(await isFreeTime(trx, request.instructorId, startsAt, endsAt))) throw slotTaken();
        // Under the lock the credits are what they are: two checkouts never spend the same cents.
        const quote = quoteBooking({ lessonCents: offer.lessonCents, credits: await repository.lockAvailableCredits(trx, studentId), now });
        if (quote.cardCents > 0 && !request.paymentMethodId) throw invalidField('body.paymentMethodId', 'is required: your credits no longer cover this lesson');
        const payment = initialState({ cardCents: quote.cardCents, authorizesNow: authorizedAtBooking({ originalStartsAt: startsAt, createdAt: now }) });
        const inserted = await repository.insert(trx, {
          id,
          studentId,
          instructorId: request.instructorId,
          serviceId: request.serviceId,
          durationMinutes: request.durationMinutes,
          startsAt,
          endsAt,
          bufferMinutes: offer.bufferMinutes,
          locationType: request.locationType,
          address: place?.address ?? null,
          neighborhoodId: place?.neighborhoodId ?? null,
          status: payment.status,
          paymentState: payment.paymentState,
          lessonCents: quote.lessonCents,
          bookingFeeCents: quote.bookingFeeCents,
          creditsCents: quote.creditsAppliedCents,
          totalCents: quote.totalCents,
          paymentMethodId: request.paymentMethodId ?? null,
          paymentId: null,
          paymentStep: null,
          paymentError: null,
          authorizedAt: null,
          originalStartsAt: startsAt,
          holdExpiresAt: payment.status === 'pending_payment' ? new Date(now.getTime() + HOLD_MINUTES * MINUTE_MS) : null,
          idempotencyKey: idempotency?.key ?? null,
          requestFingerprint: idempotency?.fingerprint ?? null,
          cancelledAt: null,
          cancelledBy: null,
          cancellationReason: null,
          createdAt: now,
          updatedAt: now,
        });
        await repository.insertCreditUses(trx, id, quote.credits);
        await takeFromFreeTime(trx, inserted);
        if (inserted.status === 'confirmed') await this.deps.emails.queueBookingConfirmed(trx, id);
        return inserted;
      });
    } catch (error) {
      const state = sqlState(error);
      if (state?.code === EXCLUSION_VIOLATION) {
        if (state.constraint === 'bookings_student_no_overlap') {
          throw new DomainError('conflict', 'You already have a lesson at this time.', { code: 'student_busy' });
        }
        throw slotTaken();
      }
      throw error;
    }
    const held = { start: booking.startsAt.getTime(), end: booking.endsAt.getTime(), bufferMinutes: booking.bufferMinutes };
    // Confirmed, the time is taken for good: the requests waiting for it are answered now. A hold
    // still to be authorized (within 24 h) may yet end, so they wait for that.
    if (booking.status === 'confirmed') holding?.(held);
    await this.deps.freeTimeChanged();
    if (booking.status === 'confirmed') return { booking: await this.view(booking.id, 'student'), created: true, authentication: null, held };

    const validated = await this.authorizeNow(booking, { customerId, accountId: offer.accountId, founding: offer.founding });
    return { booking: await this.view(validated.row.id, 'student'), created: true, authentication: validated.authentication, held };
  }

  /** One booking, for its student, its instructor or an admin; anyone else gets 404 (its existence is not theirs to know). */
  async get(principal: Principal | null, id: string): Promise<BookingDetailView> {
    if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
    const row = await this.deps.repository.findWithNames(this.deps.db, id);
    if (!row) throw notFound('Booking');
    const viewer = viewerOf(principal, row);
    if (!viewer) throw notFound('Booking');
    return bookingDetail(this.deps.db, row, viewer, this.deps.clock.nowMs());
  }

  /** The caller's bookings as student or instructor, a page at a time. */
  async list(principal: Principal | null, query: { role: 'student' | 'instructor'; when: BookingsWhen; limit: number; cursor?: string | undefined }) {
    const userId = requireOwner(principal, 'bookings:read:own');
    const roles = principal?.kind === 'user' ? principal.roles : [];
    if (!roles.includes(query.role)) throw invalidField('query.role', `you have no ${query.role} account`, 'validation_failed');
    const after = query.cursor ? decodeCursor(query.cursor, CURSOR) : undefined;
    const rows = await this.deps.repository.listForUser(this.deps.db, {
      userId,
      role: query.role,
      when: query.when,
      now: this.deps.clock.now(),
      limit: query.limit,
      ...(after ? { after: { startsAt: new Date(after[0] as string), id: after[1] as string } } : {}),
    });
    const page = toPage(rows, query.limit, (row) => [row.startsAt.toISOString(), row.id]);
    return { items: await bookingListItems(this.deps.db, page.items, query.role, this.deps.clock.nowMs()), nextCursor: page.nextCursor };
  }

  /**
   * A hold within 24 h of its lesson becomes a confirmed booking once the authorization made now
   * succeeds. When the student's bank asks for 3-D Secure the hold stays pending with the payment
   * recorded, and `authentication` says what the browser needs. A refused authorization ends the
   * hold at once and the answer names the card (422 `card_declined`, field body.paymentMethodId).
   */
  private async authorizeNow(
    booking: BookingRow,
    payer: { customerId: string | null; accountId: string | null; founding: boolean },
  ): Promise<{ row: BookingRow; authentication: PaymentAuthentication | null }> {
    const { db, clock, repository } = this.deps;
    const confirm = async (changes: Parameters<BookingsRepository['update']>[3]) => ({
      row: await db.transaction().execute(async (trx) => {
        const confirmed = await repository.update(trx, booking.id, ['pending_payment'], changes);
        if (confirmed?.status === 'confirmed') {
          await new BookingPaymentsRepository().finishBookingAttempt(trx, booking.id, { finishedAt: clock.now(), outcome: 'succeeded', providerId: confirmed.paymentId });
          // Only the move to confirmed mails (a hold the sweep ended first stays silent), in its transaction.
          await this.deps.emails.queueBookingConfirmed(trx, confirmed.id);
        }
        return confirmed ?? booking;
      }),
      authentication: null,
    });
    if (!(await this.payment.recordIntent(booking.id))) return { row: booking, authentication: null };
    const outcome = await this.payment.authorizeWithStudent(booking, { customerId: payer.customerId!, destinationAccountId: payer.accountId!, founding: payer.founding });
    if (outcome.kind === 'unavailable') {
      // The intent stays recorded: the hold sweep settles it with the same key.
      throw new DomainError('service_unavailable', 'Payments are unavailable right now; your time is held for 10 minutes, please try again.');
    }
    if (outcome.kind === 'requires_action') {
      // The payment is recorded on the hold (the intent stays open: the hold sweep settles it if
      // nobody comes back); the confirm route or the webhook confirms it once authenticated.
      const row = await db.transaction().execute(async (trx) => repository.update(trx, booking.id, ['pending_payment'], { paymentId: outcome.payment.id, updatedAt: clock.now() }));
      return { row: row ?? booking, authentication: row ? authenticationOf(outcome.payment, this.deps.payments) : null };
    }
    if (outcome.kind === 'authorized') {
      return confirm({
        status: 'confirmed',
        paymentState: 'authorized',
        paymentId: outcome.payment.id,
        paymentStep: null,
        authorizedAt: clock.now(),
        holdExpiresAt: null,
        updatedAt: clock.now(),
      });
    }
    if (outcome.paymentId) await this.payment.release(booking.id, outcome.paymentId).catch(() => undefined);
    await db.transaction().execute((trx) => endRefusedHold(trx, repository, booking, clock.now(), { paymentId: outcome.paymentId, reason: outcome.reason }));
    await this.deps.freeTimeChanged();
    const code = outcome.code === 'authentication_required' || outcome.code === 'requires_action' ? 'authentication_required' : 'card_declined';
    throw new DomainError('unprocessable', `Your card was not accepted: ${outcome.reason}. The time was released; book again with another card.`, {
      code,
      errors: [{ field: 'body.paymentMethodId', reason: `was not authorized (${outcome.code})` }],
    });
  }

  /** The earlier booking of this key, with what its pending payment still needs from the student's bank. */
  private async replay(earlier: BookingRow, fingerprint: string): Promise<{ booking: BookingView; authentication: PaymentAuthentication | null }> {
    if (earlier.requestFingerprint !== fingerprint) {
      throw new DomainError('unprocessable', 'This Idempotency-Key was used for another booking request; send a new key for a new booking.', {
        code: 'idempotency_key_reused',
        errors: [{ field: 'headers.idempotency-key', reason: 'was used with a different request' }],
      });
    }
    const current = (await this.deps.repository.find(this.deps.db, earlier.id)) ?? earlier;
    let authentication: PaymentAuthentication | null = null;
    if (current.status === 'pending_payment' && current.paymentId) {
      authentication = await this.deps.payments.payment(current.paymentId).then((payment) => authenticationOf(payment, this.deps.payments), () => null);
    }
    return { booking: await this.view(earlier.id, 'student'), authentication };
  }

  private async view(id: string, viewer: BookingViewer): Promise<BookingView> {
    const row = await this.deps.repository.findWithNames(this.deps.db, id);
    return bookingView(row!, viewer);
  }

  /** The instructor takes bookings, sells this service at this length and teaches this way. */
  private async checkOffer(studentId: string, request: QuoteRequest, where: 'query' | 'body') {
    const { db, repository } = this.deps;
    const instructor = await repository.bookableInstructor(db, request.instructorId);
    if (!instructor) throw notFound('Instructor');
    if (instructor.userId === studentId) throw invalidField(`${where}.instructorId`, 'you cannot book yourself');
    const payouts = payoutStatus(
      instructor.accountId
        ? { chargesEnabled: Boolean(instructor.chargesEnabled), payoutsEnabled: Boolean(instructor.payoutsEnabled), detailsSubmitted: true, currentlyDue: [], pastDue: [], pendingVerification: [], disabledReason: null }
        : null,
    );
    if (payouts !== 'enabled') throw invalidField(`${where}.instructorId`, 'this instructor cannot take bookings yet (their payouts are not set up)');
    const offer = await repository.serviceOffer(db, request.instructorId, request.serviceId);
    if (!offer) throw notFound('Service');
    const rate = offer.rates.find((entry) => entry.durationMinutes === request.durationMinutes);
    if (!rate) {
      const lengths = offer.rates.map((entry) => entry.durationMinutes);
      throw invalidField(
        `${where}.durationMinutes`,
        lengths.length > 0 ? `must be one of ${lengths.join(', ')} (the lesson lengths this instructor offers for this service)` : 'this instructor has no priced lesson lengths for this service',
      );
    }
    if (!offer.lessonTypes.includes(request.locationType)) {
      throw invalidField(`${where}.locationType`, `must be one of ${offer.lessonTypes.join(', ')} (how this instructor teaches this service)`);
    }
    const capability = lessonTypeProblem(request.locationType, instructor);
    if (capability) throw invalidField(`${where}.locationType`, 'this instructor does not teach this way at the moment');
    return { lessonCents: rate.rateCents, bufferMinutes: instructor.bookingBufferMinutes, accountId: instructor.accountId, founding: instructor.isFounding };
  }

  /** The start is on the quarter-hour grid, far enough ahead, and the lesson's time free (the slot search's rule, from free time). */
  private async checkStart(request: BookingRequest, startsAt: Date, endsAt: Date): Promise<void> {
    const startMs = startsAt.getTime();
    if (startMs % (DEFAULT_STEP_MINUTES * MINUTE_MS) !== 0) throw invalidField('body.startsAt', `must be on a ${DEFAULT_STEP_MINUTES}-minute boundary`, 'validation_failed');
    if (startMs < this.deps.clock.nowMs() + DEFAULT_MINIMUM_NOTICE_MINUTES * MINUTE_MS) {
      throw invalidField('body.startsAt', `must be at least ${DEFAULT_MINIMUM_NOTICE_MINUTES / 60} hours from now`);
    }
    // The offer (public profile, service, length) is checkOffer's; the time is free time's, as slot search sees it.
    if (!(await isFreeTime(this.deps.db, request.instructorId, startsAt, endsAt))) throw slotTaken();
  }

  /** At the student's place: the address is found and lies in one of the instructor's neighborhoods. */
  private async checkPlace(request: BookingRequest): Promise<{ address: string; neighborhoodId: string | null } | null> {
    if (request.locationType !== 'student_location') {
      if (request.address) throw invalidField('body.address', `is only for lessons at the student's place (locationType student_location)`, 'validation_failed');
      return null;
    }
    if (!request.address) throw invalidField('body.address', "is required for a lesson at the student's place", 'validation_failed');
    const found = await this.deps.geocoder.geocode(request.address).catch(() => {
      throw new DomainError('service_unavailable', 'Addresses cannot be checked right now; please try again in a minute.');
    });
    if (!found) throw invalidField('body.address', 'could not be found in New York City');
    if (!(await this.deps.places.servesPoint(request.instructorId, found.lat, found.lng))) {
      throw invalidField('body.address', "is outside the neighborhoods this instructor travels to");
    }
    const neighborhood = await this.deps.places.neighborhoodAt(found.lat, found.lng);
    return { address: request.address, neighborhoodId: neighborhood?.code ?? null };
  }

}

/** The values of settled checks, or the refusal of the first (in their order) that failed. */
function firstRefusalOf<T extends readonly unknown[]>(results: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  for (const result of results as readonly PromiseSettledResult<unknown>[]) if (result.status === 'rejected') throw result.reason;
  return (results as readonly PromiseSettledResult<unknown>[]).map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const CURSOR = z.tuple([z.string().datetime(), z.string().min(1).max(40)]);

function viewerOf(principal: Principal, row: BookingRow): BookingViewer | null {
  if (principal.kind === 'user' && principal.userId === row.studentId) return 'student';
  if (principal.kind === 'user' && principal.userId === row.instructorId) return 'instructor';
  if (hasPermission(principal, 'bookings:read:any')) return 'admin';
  return null;
}

/** A booking request sent with an idempotency key, and the booking this attempt made under it (set when its insert is tried). */
interface KeyedAttempt {
  key: string;
  fingerprint: string;
  madeBookingId: string | null;
}

/** A student's idempotency key as one string (JSON: no separator can make two pairs meet). */
function keyIdOf(studentId: string, key: string): string {
  return JSON.stringify([studentId, key]);
}

/** What a booking request asked for, to tell a retry from another request under the same key. */
function fingerprintOf(request: BookingRequest): string {
  const canonical = JSON.stringify([
    request.instructorId,
    request.serviceId,
    request.durationMinutes,
    new Date(request.startsAt).toISOString(),
    request.locationType,
    request.address ?? null,
    request.paymentMethodId ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}
