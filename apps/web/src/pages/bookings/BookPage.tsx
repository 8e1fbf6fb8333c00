import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import {
  BOOKINGS_CREATE_PERMISSION,
  bookingQuery,
  bookingsKey,
  confirmBooking,
  createBooking,
  quoteQuery,
  type BookingRequest,
  type LessonType,
  type PaymentAuthentication,
} from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { unwrap } from '../../api/request';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan } from '../../auth/useSession';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { FormAlert } from '../../components/form/FormAlert';
import { inputClass, primaryButtonClass } from '../../components/form/styles';
import { LoadingState } from '../../components/LoadingState';
import { formatCents } from '../../lib/format';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { newAttemptKey } from './attemptKey';
import { CardChoice } from './CardChoice';
import { LESSON_TYPE_LABELS } from './lessonText';
import { authenticatePayment, PAYMENT_RETURN_PARAMS, RETURN_BOOKING_PARAM } from './paymentAuthentication';
import { PriceBreakdown } from './PriceBreakdown';
import { SlotPicker } from './SlotPicker';

/** `/instructors/:id/book`: choose the lesson, a time, the place and the card; see the price; book. */
export function BookPage() {
  return (
    <RequireAuth>
      <title>Book a lesson · InstaInstru</title>
      <Book />
    </RequireAuth>
  );
}

function Book() {
  const { id = '' } = useParams();
  const allowed = useCan(BOOKINGS_CREATE_PERMISSION);
  const instructor = useQuery({
    queryKey: ['instructors', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/instructors/{id}', { params: { path: { id } }, signal })),
  });
  if (instructor.isPending) return <LoadingState label="Loading the instructor…" cards={1} />;
  if (instructor.isError && instructor.error instanceof ApiProblem && [400, 404].includes(instructor.error.status)) {
    return <NotFoundPage title="Instructor not found" message="There is no published instructor at this address, so there is nothing to book here." />;
  }
  if (instructor.isError) return <ErrorState error={instructor.error} onRetry={() => void instructor.refetch()} />;
  const p = instructor.data;
  const heading = (
    <div className="space-y-2">
      <Breadcrumbs items={[{ label: p.name, to: `/instructors/${p.id}` }, { label: 'Book a lesson' }]} />
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Book a lesson with {p.name}</h1>
    </div>
  );
  if (!allowed) {
    return (
      <div className="mx-auto max-w-3xl space-y-6 py-8">
        {heading}
        <p className="text-slate-700">Booking is for student accounts; your account does not book lessons.</p>
      </div>
    );
  }
  if (p.services.length === 0) {
    return (
      <div className="mx-auto max-w-3xl space-y-6 py-8">
        {heading}
        <p className="text-slate-700">{p.name} offers no lessons to book right now.</p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6 py-8">
      {heading}
      <BookingForm instructor={p} />
    </div>
  );
}

type Instructor = {
  id: string;
  name: string;
  services: ReadonlyArray<{ serviceId: string; name: string; lessonTypes: readonly string[]; rates: ReadonlyArray<{ durationMinutes: number; rateCents: number }> }>;
  location: { neighborhoodsServed: ReadonlyArray<{ code: string; name: string; borough: string }> };
};

/** The profile lists lesson types as plain strings: only the ones this app can name are offered. */
const isLessonType = (type: string): type is LessonType => type in LESSON_TYPE_LABELS;

type Problem = { kind: 'slot_taken' | 'student_busy' | 'card' | 'other'; error: unknown };

/** What a refused booking means for the next attempt: which message, and whether the times change. */
function classify(error: unknown): Problem {
  if (error instanceof ApiProblem && error.code === 'slot_taken') return { kind: 'slot_taken', error };
  if (error instanceof ApiProblem && error.code === 'student_busy') return { kind: 'student_busy', error };
  if (error instanceof ApiProblem && error.code && CARD_PROBLEMS.includes(error.code)) return { kind: 'card', error };
  return { kind: 'other', error };
}

/** Refusals about the card: the card is chosen again, the rest of the choices stay. */
const CARD_PROBLEMS = ['card_declined', 'authentication_required', 'authentication_failed', 'hold_expired'];

/** A definite answer (4xx): the next press is a new attempt. A lost or 5xx answer is retried with the same key. */
const isDefinite = (error: unknown) => error instanceof ApiProblem && error.status >= 400 && error.status < 500;

function BookingForm({ instructor }: { instructor: Instructor }) {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const service = instructor.services.find((s) => s.serviceId === params.get('service')) ?? instructor.services[0]!;
  const lessonTypes = service.lessonTypes.filter(isLessonType);
  const lengths = service.rates.map((r) => r.durationMinutes);
  const asked = Number(params.get('duration'));
  const durationMinutes = lengths.includes(asked) ? asked : lengths[0]!;
  const start = params.get('start');
  const askedWhere = params.get('where') as LessonType | null;
  const locationType = askedWhere && lessonTypes.includes(askedWhere) ? askedWhere : lessonTypes.length === 1 ? lessonTypes[0]! : null;
  // Back from the bank's check the address carries the booking's address and card (the page was left for it).
  const [address, setAddress] = useState(() => params.get('address') ?? '');
  const [cardId, setCardId] = useState<string | null>(() => params.get('card'));
  const [showErrors, setShowErrors] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  // One key per attempt: made when the choices change or after a definite answer, kept for retries.
  const [attemptKey, setAttemptKey] = useState(newAttemptKey);

  /** Choices live in the address: a reload, or the way back from a card's 3-D Secure page, keeps them. */
  const choose = useCallback(
    (changes: Record<string, string | null>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
      setAttemptKey(newAttemptKey());
    },
    [setParams],
  );
  const chooseStart = useCallback((value: string | null) => choose({ start: value }), [choose]);

  const quoteRequest = start && locationType ? { instructorId: instructor.id, serviceId: service.serviceId, durationMinutes, startsAt: start, locationType } : null;
  const quote = useQuery({ ...quoteQuery(quoteRequest!), enabled: quoteRequest !== null });
  const needsCard = quote.data ? quote.data.cardCents > 0 : true;
  const needsAddress = locationType === 'student_location';

  const booked = async (bookingId: string) => {
    // The lesson page reads the booking with its payment timeline (the create answer has none).
    await queryClient.invalidateQueries({ queryKey: bookingQuery(bookingId).queryKey });
    // Marked stale, not refetched here: the times without this one would clear the chosen
    // start from the address, a navigation that would cancel the one to the confirmation.
    await queryClient.invalidateQueries({ queryKey: ['instructors', instructor.id, 'slots'], refetchType: 'none' });
    await queryClient.invalidateQueries({ queryKey: bookingsKey, refetchType: 'none' });
    await navigate(`/lessons/${bookingId}/booked`);
  };
  const refused = async (error: unknown) => {
    const found = classify(error);
    setProblem(found);
    if (isDefinite(error)) setAttemptKey(newAttemptKey());
    if (found.kind === 'slot_taken') {
      // Someone else got the time: show the times open now, with none chosen.
      chooseStart(null);
      await queryClient.invalidateQueries({ queryKey: ['instructors', instructor.id, 'slots'] });
    }
    // A refused check released the held time: the times are asked again, the choice kept.
    if (found.kind === 'card') await queryClient.invalidateQueries({ queryKey: ['instructors', instructor.id, 'slots'] });
  };

  // The bank's check of the payment (3-D Secure): this page, its choices and the booking in the address, is where it comes back.
  const [bankPending, setBankPending] = useState<{ bookingId: string; authentication: PaymentAuthentication } | null>(null);
  const [toBank, setToBank] = useState(false);
  const returnUrlFor = (bookingId: string | null) => {
    const back = new URL(window.location.href);
    // The card paying this booking; a card being saved is chosen once it is in the list instead.
    if (bookingId) back.searchParams.set(RETURN_BOOKING_PARAM, bookingId);
    if (bookingId && cardId) back.searchParams.set('card', cardId);
    if (needsAddress && address.trim()) back.searchParams.set('address', address.trim());
    return back.toString();
  };
  const goToBank = async (bookingId: string, authentication: PaymentAuthentication) => {
    setToBank(true);
    try {
      await authenticatePayment(authentication, returnUrlFor(bookingId));
    } catch (error) {
      setToBank(false);
      setProblem({ kind: 'other', error });
    }
  };

  const book = useMutation({
    mutationFn: (body: BookingRequest) => createBooking(body, attemptKey),
    onSuccess: async (booking) => {
      if (booking.paymentAuthentication) return goToBank(booking.id, booking.paymentAuthentication);
      await booked(booking.id);
    },
    onError: refused,
  });

  // Back from the bank: the API reads the payment at the provider and answers how the booking stands.
  const [returnedBooking] = useState(() => (params.has(RETURN_BOOKING_PARAM) && params.has('redirect_status') ? params.get(RETURN_BOOKING_PARAM) : null));
  const confirmation = useMutation({
    mutationFn: confirmBooking,
    onSuccess: async (booking) => {
      if (booking.status === 'confirmed') return booked(booking.id);
      if (booking.paymentAuthentication) setBankPending({ bookingId: booking.id, authentication: booking.paymentAuthentication });
    },
    onError: refused,
  });
  // Until the API answered, the held time is not among the open ones: the times wait, so the chosen one is not dropped.
  const awaitingBank = returnedBooking !== null && (confirmation.isIdle || confirmation.isPending);
  const askedOnReturn = useRef(false);
  useEffect(() => {
    if (!returnedBooking || askedOnReturn.current) return;
    askedOnReturn.current = true;
    confirmation.mutate(returnedBooking);
    choose({ ...Object.fromEntries(PAYMENT_RETURN_PARAMS.map((name) => [name, null])), card: null, address: null });
  }, [returnedBooking, confirmation, choose]);

  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  // Back from the bank's 3-D Secure page after saving a card here: say how it went, once.
  const cardReturn = params.has('setup_intent') ? params.get('redirect_status') : null;
  const [cardNotice] = useState(cardReturn);
  useEffect(() => {
    if (params.has('setup_intent')) choose({ setup_intent: null, setup_intent_client_secret: null, redirect_status: null, address: null });
  }, [params, choose]);

  function onSubmit() {
    setShowErrors(true);
    setProblem(null);
    if (!quoteRequest || !quote.data || (needsAddress && address.trim().length < 3) || (needsCard && !cardId)) return;
    book.mutate({
      ...quoteRequest,
      ...(needsAddress ? { address: address.trim() } : {}),
      ...(needsCard && cardId ? { paymentMethodId: cardId } : {}),
    });
  }

  // Where the bank's check of a new card comes back: this page, its choices kept.
  const returnUrl = returnUrlFor(null);
  const sectionClass = 'rounded-2xl border border-slate-200 bg-white p-6 shadow-sm';
  const headingClass = 'text-xl font-semibold tracking-tight text-slate-900';

  return (
    // Not a <form> element: the card form of the payment section is one (forms cannot nest, and
    // its "Save card" would submit the booking). The Book button submits; so does Enter in a field.
    <div
      role="form"
      aria-label="Book a lesson"
      className="space-y-6"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement && !event.target.closest('form')) {
          event.preventDefault();
          onSubmit();
        }
      }}
    >
      {problem && (
        <div ref={problemRef} tabIndex={-1} className="focus:outline-none">
          <ProblemAlert problem={problem} />
        </div>
      )}

      {confirmation.isPending && (
        <p role="status" className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-800">
          Checking your payment with your bank…
        </p>
      )}

      {bankPending && (
        <div role="alert" className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p>Your bank has not confirmed this payment yet. The time is held for you for a few minutes: finish the check with your bank to book.</p>
          <button type="button" className={primaryButtonClass} disabled={toBank} onClick={() => void goToBank(bankPending.bookingId, bankPending.authentication)}>
            {toBank ? 'Going to your bank…' : 'Continue with my bank'}
          </button>
        </div>
      )}

      {cardNotice && (
        <p role="status" className={cardNotice === 'succeeded' ? 'rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900' : 'rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900'}>
          {cardNotice === 'succeeded' ? 'Your bank confirmed the card. It is saved.' : 'Your bank did not confirm the card (3-D Secure failed), so it was not saved.'}
        </p>
      )}

      <section aria-labelledby={`${id}-lesson`} className={sectionClass}>
        <h2 id={`${id}-lesson`} className={headingClass}>
          Lesson and time
        </h2>
        <p className="mt-1 text-sm text-slate-600">Open times of the next two weeks, in New York time.</p>
        <div className="mt-4 flex flex-wrap gap-4">
          <div>
            <label htmlFor={`${id}-service`} className="block text-sm font-semibold text-slate-800">
              Lesson
            </label>
            <select
              id={`${id}-service`}
              value={service.serviceId}
              onChange={(e) => choose({ service: e.target.value, start: null, where: null })}
              className={`mt-1 ${inputClass(false)}`}
            >
              {instructor.services.map((s) => (
                <option key={s.serviceId} value={s.serviceId}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-length`} className="block text-sm font-semibold text-slate-800">
              Length
            </label>
            <select
              id={`${id}-length`}
              value={durationMinutes}
              onChange={(e) => choose({ duration: e.target.value, start: null })}
              className={`mt-1 ${inputClass(false)}`}
            >
              {service.rates.map((r) => (
                <option key={r.durationMinutes} value={r.durationMinutes}>
                  {r.durationMinutes} minutes
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="mt-4">
          {awaitingBank ? (
            <p className="text-slate-600">The open times are shown once your bank has answered.</p>
          ) : (
            <SlotPicker
              instructorId={instructor.id}
              serviceId={service.serviceId}
              durationMinutes={durationMinutes}
              value={start}
              onChange={chooseStart}
              invalid={showErrors && !start}
            />
          )}
        </div>
      </section>

      <section aria-labelledby={`${id}-where`} className={sectionClass}>
        <h2 id={`${id}-where`} className={headingClass}>
          Where
        </h2>
        <fieldset className="mt-3" aria-describedby={showErrors && !locationType ? `${id}-where-error` : undefined}>
          <legend className="sr-only">Where the lesson happens</legend>
          <div className="flex flex-wrap gap-2">
            {lessonTypes.map((type) => (
              <label
                key={type}
                className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50"
              >
                <input type="radio" name={`${id}-where`} value={type} checked={locationType === type} onChange={() => choose({ where: type })} />
                <span className="font-medium text-slate-900">{LESSON_TYPE_LABELS[type]}</span>
              </label>
            ))}
          </div>
          {showErrors && !locationType && (
            <p id={`${id}-where-error`} className="mt-1 text-sm text-red-700">
              Choose where the lesson happens.
            </p>
          )}
        </fieldset>
        {needsAddress && (
          <div className="mt-4">
            <label htmlFor={`${id}-address`} className="block text-sm font-semibold text-slate-800">
              Your address
            </label>
            <input
              id={`${id}-address`}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              autoComplete="street-address"
              aria-invalid={(showErrors && address.trim().length < 3) || undefined}
              aria-describedby={`${id}-address-hint${showErrors && address.trim().length < 3 ? ` ${id}-address-error` : ''}`}
              className={`mt-1 ${inputClass(showErrors && address.trim().length < 3)}`}
            />
            <p id={`${id}-address-hint`} className="mt-1 text-sm text-slate-600">
              {instructor.location.neighborhoodsServed.length > 0
                ? `${instructor.name} travels to ${instructor.location.neighborhoodsServed.map((n) => n.name).join(', ')}.`
                : 'Your address must be in the neighborhoods the instructor travels to.'}
            </p>
            {showErrors && address.trim().length < 3 && (
              <p id={`${id}-address-error`} className="mt-1 text-sm text-red-700">
                Enter your address.
              </p>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby={`${id}-price`} className={sectionClass}>
        <h2 id={`${id}-price`} className={headingClass}>
          Price
        </h2>
        <div className="mt-3">
          {!quoteRequest ? (
            <p className="text-slate-600">Choose a time and a place to see the price.</p>
          ) : quote.isPending ? (
            <p role="status" className="text-slate-600">
              Getting the price…
            </p>
          ) : quote.isError ? (
            <FormAlert error={quote.error} />
          ) : (
            <PriceBreakdown price={quote.data} />
          )}
        </div>
      </section>

      {needsCard && (
        <section aria-labelledby={`${id}-payment`} className={sectionClass}>
          <h2 id={`${id}-payment`} className={headingClass}>
            Payment
          </h2>
          <p className="mt-1 text-sm text-slate-600">Your card is checked now and charged only for a lesson that takes place.</p>
          <div className="mt-4">
            <CardChoice value={cardId} onChange={setCardId} returnUrl={returnUrl} invalid={showErrors && !cardId} savedByBank={cardNotice === 'succeeded'} />
          </div>
        </section>
      )}

      <div className="flex flex-wrap items-center gap-4">
        <button type="button" onClick={onSubmit} className={primaryButtonClass} disabled={book.isPending || toBank || confirmation.isPending}>
          {toBank ? 'Going to your bank…' : book.isPending ? 'Booking…' : quote.data ? (quote.data.cardCents > 0 ? `Book for ${formatCents(quote.data.cardCents)}` : 'Book with my credits') : 'Book'}
        </button>
        <Link to={`/instructors/${instructor.id}`} className="font-semibold text-slate-700 hover:underline">
          Back to the profile
        </Link>
      </div>
    </div>
  );
}

function ProblemAlert({ problem }: { problem: Problem }) {
  switch (problem.kind) {
    case 'slot_taken':
      return <FormAlert error={problem.error} message="Someone else just booked this time. The open times below are up to date: choose another one." />;
    case 'student_busy':
      return <FormAlert error={problem.error} message="You already have a lesson at this time. Choose another time." />;
    case 'card':
      return <FormAlert error={problem.error} message={cardMessage(problem.error)} />;
    default:
      return <FormAlert error={problem.error} />;
  }
}

function cardMessage(error: unknown): string {
  const code = error instanceof ApiProblem ? error.code : undefined;
  switch (code) {
    case 'authentication_failed':
      return 'Your bank did not confirm the payment (3-D Secure), so nothing is booked. Your choices are kept: book again, or choose another card.';
    case 'hold_expired':
      return 'The time to confirm the payment with your bank ran out, so nothing is booked. Your choices are kept: book again.';
    case 'authentication_required':
      return 'Your bank asks to confirm this payment and it could not be asked now. Nothing is booked: book again, or choose another card.';
    default:
      return 'Your card was declined, so nothing is booked. Choose another card or add one, and book again.';
  }
}
