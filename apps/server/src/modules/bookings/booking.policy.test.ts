import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { BOOKING_STATUSES, PAYMENT_STATES, type BookingStatus, type PaymentState } from './booking-states.ts';
import {
  canPaymentTransition,
  canTransition,
  FINAL_PAYMENT_STATES,
  initialState,
  paymentTransition,
  TERMINAL_STATUSES,
  transition,
  type BookingEvent,
  type PaymentEvent,
} from './booking.policy.ts';

/** Every event a booking can be sent, each variant by name (the table below is keyed by these names). */
const EVENTS = {
  validated: { type: 'payment_method_validated' },
  hold_expired: { type: 'hold_expired' },
  student_cancels: { type: 'cancelled', by: 'student' },
  student_cancels_requested: { type: 'cancelled', by: 'student', reason: 'requested' },
  instructor_cancels: { type: 'cancelled', by: 'instructor', reason: 'requested' },
  unpaid_cancel: { type: 'cancelled', by: 'student', reason: 'payment_failed' },
  unpaid_cancel_by_instructor: { type: 'cancelled', by: 'instructor', reason: 'payment_failed' },
  rescheduled: { type: 'rescheduled' },
  lesson_ended: { type: 'lesson_ended' },
  student_reports: { type: 'no_show_reported', by: 'student' },
  instructor_reports: { type: 'no_show_reported', by: 'instructor' },
  student_absent: { type: 'no_show_resolved', absent: 'student' },
  instructor_absent: { type: 'no_show_resolved', absent: 'instructor' },
  nobody_absent: { type: 'no_show_resolved', absent: 'nobody' },
} satisfies Record<string, BookingEvent>;
type EventName = keyof typeof EVENTS;

/** The whole machine written out: what each status accepts; every pair not listed is illegal. */
const LEGAL: Record<BookingStatus, Partial<Record<EventName, BookingStatus>>> = {
  pending_payment: {
    validated: 'confirmed',
    hold_expired: 'expired',
    student_cancels: 'cancelled_by_student',
    student_cancels_requested: 'cancelled_by_student',
    instructor_cancels: 'cancelled_by_instructor',
  },
  confirmed: {
    student_cancels: 'cancelled_by_student',
    student_cancels_requested: 'cancelled_by_student',
    instructor_cancels: 'cancelled_by_instructor',
    unpaid_cancel: 'cancelled_by_student',
    rescheduled: 'confirmed',
    lesson_ended: 'completed',
  },
  completed: {
    student_reports: 'completed',
    instructor_reports: 'completed',
    student_absent: 'no_show_student',
    instructor_absent: 'no_show_instructor',
    nobody_absent: 'completed',
  },
  cancelled_by_student: {},
  cancelled_by_instructor: {},
  no_show_student: {},
  no_show_instructor: {},
  expired: {},
};

const PAIRS = BOOKING_STATUSES.flatMap((status) => (Object.keys(EVENTS) as EventName[]).map((name) => [status, name] as const));

describe('booking state machine (PRODUCT.md §5): every status × every event', () => {
  it('covers all 8 statuses × 14 events', () => {
    expect(PAIRS).toHaveLength(8 * 14);
  });

  it.each(PAIRS)('%s + %s', (status, name) => {
    const event = EVENTS[name];
    const expected = LEGAL[status][name];
    expect(canTransition(status, event)).toBe(expected !== undefined);
    if (expected !== undefined) {
      expect(transition(status, event)).toBe(expected);
      return;
    }
    let thrown: unknown;
    try {
      transition(status, event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe('conflict');
    expect(error.status).toBe(409);
    expect(error.details).toMatchObject({ code: 'illegal_transition', machine: 'booking', from: status, event: event.type });
  });

  it('terminal statuses accept nothing', () => {
    for (const status of TERMINAL_STATUSES) {
      for (const event of Object.values(EVENTS)) expect(canTransition(status, event)).toBe(false);
    }
    expect(TERMINAL_STATUSES).toEqual(BOOKING_STATUSES.filter((status) => Object.keys(LEGAL[status]).length === 0));
  });

  it('a failed payment cancels on the student’s side and never counts against the instructor', () => {
    expect(transition('confirmed', EVENTS.unpaid_cancel)).toBe('cancelled_by_student');
    expect(() => transition('confirmed', EVENTS.unpaid_cancel_by_instructor)).toThrow(/student’s side/);
  });

  it('says in words what was refused', () => {
    expect(() => transition('expired', EVENTS.validated)).toThrow('A booking that is expired cannot take "payment method validated".');
  });
});

const PAYMENT_EVENTS = {
  method_validated: { type: 'method_validated' },
  credits_cover_all: { type: 'credits_cover_all' },
  authorize_succeeded: { type: 'authorize_succeeded' },
  authorize_failed: { type: 'authorize_failed' },
  payment_method_updated: { type: 'payment_method_updated' },
  captured: { type: 'captured' },
  charged: { type: 'charged' },
  released: { type: 'released' },
  reauthorization_needed: { type: 'reauthorization_needed' },
  refunded_partial: { type: 'refunded', amount: 'partial' },
  refunded_full: { type: 'refunded', amount: 'full' },
} satisfies Record<string, PaymentEvent>;
type PaymentEventName = keyof typeof PAYMENT_EVENTS;

const PAYMENT_LEGAL: Record<PaymentState, Partial<Record<PaymentEventName, PaymentState>>> = {
  awaiting_method: { method_validated: 'scheduled', credits_cover_all: 'not_required', released: 'released' },
  scheduled: {
    authorize_succeeded: 'authorized',
    authorize_failed: 'authorization_failed',
    payment_method_updated: 'scheduled',
    charged: 'captured',
    released: 'released',
  },
  authorization_failed: {
    authorize_succeeded: 'authorized',
    authorize_failed: 'authorization_failed',
    payment_method_updated: 'scheduled',
    charged: 'captured',
    released: 'released',
  },
  authorized: { captured: 'captured', released: 'released', reauthorization_needed: 'scheduled' },
  captured: { refunded_partial: 'partially_refunded', refunded_full: 'refunded' },
  partially_refunded: { refunded_partial: 'partially_refunded', refunded_full: 'refunded' },
  released: {},
  refunded: {},
  not_required: {},
};

const PAYMENT_PAIRS = PAYMENT_STATES.flatMap((state) => (Object.keys(PAYMENT_EVENTS) as PaymentEventName[]).map((name) => [state, name] as const));

describe('payment progress machine: every state × every event', () => {
  it('covers all 9 states × 11 events', () => {
    expect(PAYMENT_PAIRS).toHaveLength(9 * 11);
  });

  it.each(PAYMENT_PAIRS)('%s + %s', (state, name) => {
    const event = PAYMENT_EVENTS[name];
    const expected = PAYMENT_LEGAL[state][name];
    expect(canPaymentTransition(state, event)).toBe(expected !== undefined);
    if (expected !== undefined) {
      expect(paymentTransition(state, event)).toBe(expected);
    } else {
      expect(() => paymentTransition(state, event)).toThrow(DomainError);
      try {
        paymentTransition(state, event);
      } catch (error) {
        expect((error as DomainError).details).toMatchObject({ code: 'illegal_transition', machine: 'payment', from: state, event: event.type });
      }
    }
  });

  it('final payment states accept nothing', () => {
    expect(FINAL_PAYMENT_STATES).toEqual(PAYMENT_STATES.filter((state) => Object.keys(PAYMENT_LEGAL[state]).length === 0));
  });

  it('the happy path: validated → scheduled → authorized at T-24 h → captured after the lesson', () => {
    const path: PaymentEvent[] = [PAYMENT_EVENTS.method_validated, PAYMENT_EVENTS.authorize_succeeded, PAYMENT_EVENTS.captured];
    expect(path.reduce<PaymentState>(paymentTransition, 'awaiting_method')).toBe('captured');
  });

  it('a failed authorization is retried until one succeeds', () => {
    const path: PaymentEvent[] = [
      PAYMENT_EVENTS.method_validated,
      PAYMENT_EVENTS.authorize_failed,
      PAYMENT_EVENTS.authorize_failed,
      PAYMENT_EVENTS.payment_method_updated,
      PAYMENT_EVENTS.authorize_succeeded,
    ];
    expect(path.reduce<PaymentState>(paymentTransition, 'awaiting_method')).toBe('authorized');
  });
});

describe('the state a new booking starts in', () => {
  it('is confirmed at once when credits pay it all, whenever the lesson is', () => {
    expect(initialState({ cardCents: 0, authorizesNow: false })).toEqual({ status: 'confirmed', paymentState: 'not_required' });
    expect(initialState({ cardCents: 0, authorizesNow: true })).toEqual({ status: 'confirmed', paymentState: 'not_required' });
  });

  it('is confirmed with the authorization scheduled when the lesson is more than 24 h ahead', () => {
    expect(initialState({ cardCents: 5_000, authorizesNow: false })).toEqual({ status: 'confirmed', paymentState: 'scheduled' });
  });

  it('holds the time, pending, when the card is authorized at once (the lesson within 24 h)', () => {
    expect(initialState({ cardCents: 5_000, authorizesNow: true })).toEqual({ status: 'pending_payment', paymentState: 'awaiting_method' });
  });
});
