import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { bookingQuery, bookingsKey, confirmBooking, payLessonWithCard, type BookingDetail, type BookingWithAuthentication } from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { primaryButtonClass } from '../../components/form/styles';
import { newAttemptKey } from './attemptKey';
import { CardChoice } from './CardChoice';
import { authenticatePayment, PAYMENT_RETURN_PARAMS } from './paymentAuthentication';

/**
 * "Your card was declined — choose another card" on the lesson's page (where the payment_failed
 * email links, `?pay=1`): the saved cards (and the add-card flow) as on the booking page, and a
 * Pay button that asks the API to put the card on the lesson and authorize it at once. A bank
 * that asks for 3-D Secure sends the browser through its check and back here, where the API
 * reads the payment at the provider (POST /bookings/{id}/confirm).
 */
export function PayLessonSection({ booking }: { booking: BookingDetail }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [cardId, setCardId] = useState<string | null>(() => params.get('card'));
  const [attemptKey, setAttemptKey] = useState(newAttemptKey);
  const [toBank, setToBank] = useState(false);
  const [bankError, setBankError] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // From the email (?pay=1): the section is what the student came for.
  const fromEmail = params.get('pay') === '1';
  useEffect(() => {
    if (fromEmail) headingRef.current?.focus();
  }, [fromEmail]);

  const settled = async (answer: BookingWithAuthentication) => {
    if (answer.paymentAuthentication) {
      setToBank(true);
      const back = new URL(window.location.href);
      back.searchParams.set('card', cardId ?? '');
      try {
        await authenticatePayment(answer.paymentAuthentication, back.toString());
      } catch (error) {
        setToBank(false);
        setBankError(error);
      }
      return;
    }
    await queryClient.invalidateQueries({ queryKey: bookingQuery(booking.id).queryKey });
    await queryClient.invalidateQueries({ queryKey: bookingsKey });
  };

  const pay = useMutation({
    mutationFn: (paymentMethodId: string) => payLessonWithCard(booking.id, paymentMethodId, attemptKey),
    onSuccess: settled,
    // A definite answer (4xx): the next press is a new attempt; a lost one is retried with the same key.
    onError: (error) => {
      if (error instanceof ApiProblem && error.status < 500) setAttemptKey(newAttemptKey());
    },
  });

  // Back from the bank's check: the API reads the payment at the provider.
  const [returned] = useState(() => params.has('payment_intent') && params.has('redirect_status'));
  // Back from the bank's check of a card saved here (3-D Secure at setup): that card is chosen.
  const [savedByBank] = useState(() => params.has('setup_intent') && params.get('redirect_status') === 'succeeded');
  const confirmation = useMutation({ mutationFn: () => confirmBooking(booking.id), onSuccess: settled });
  const askedOnReturn = useRef(false);
  useEffect(() => {
    if (!returned || askedOnReturn.current) return;
    askedOnReturn.current = true;
    confirmation.mutate();
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of [...PAYMENT_RETURN_PARAMS, 'card']) next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [returned, confirmation, setParams]);

  const returnUrl = (() => {
    const back = new URL(window.location.href);
    back.searchParams.set('pay', '1');
    return back.toString();
  })();
  const busy = pay.isPending || toBank || confirmation.isPending;
  const problem = pay.error ?? confirmation.error ?? bankError;

  return (
    <section aria-labelledby="lesson-pay" className="space-y-4 rounded-2xl border border-red-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-pay" ref={headingRef} tabIndex={-1} className="text-xl font-semibold tracking-tight text-slate-900 focus:outline-none">
        Your card was declined — choose another card
      </h2>
      <p className="text-sm text-slate-700">
        The payment for this lesson could not be authorized. Pay with another card now to keep the lesson: unpaid lessons are cancelled 6 hours before they start.
      </p>
      {problem !== null && problem !== undefined && <FormAlert error={problem} message={problemMessage(problem)} />}
      {confirmation.isPending && (
        <p role="status" className="text-sm text-slate-700">
          Checking your payment with your bank…
        </p>
      )}
      {confirmation.data?.paymentAuthentication === null && confirmation.data.paymentState !== 'authorized' && (
        <p role="alert" className="text-sm text-red-800">
          Your bank did not confirm the payment. Choose another card, or try again.
        </p>
      )}
      <CardChoice value={cardId} onChange={setCardId} returnUrl={returnUrl} invalid={false} savedByBank={savedByBank} />
      <button type="button" className={primaryButtonClass} disabled={busy || !cardId} onClick={() => cardId && pay.mutate(cardId)}>
        {toBank ? 'Going to your bank…' : pay.isPending ? 'Paying…' : 'Pay for this lesson'}
      </button>
    </section>
  );
}

function problemMessage(error: unknown): string | undefined {
  const code = error instanceof ApiProblem ? error.code : undefined;
  switch (code) {
    case 'card_declined':
      return 'This card was declined too. Choose another card or add one.';
    case 'payment_too_late':
      return 'It is too late to pay for this lesson: unpaid lessons are cancelled 6 hours before they start.';
    case 'payment_not_changeable':
      return 'This lesson’s payment can no longer be changed. Reload the page to see where it stands.';
    default:
      return undefined;
  }
}
