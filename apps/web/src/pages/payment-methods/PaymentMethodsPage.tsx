import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PAYMENT_METHODS_PERMISSION, paymentMethodsQuery } from '../../api/paymentMethods';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan } from '../../auth/useSession';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { ErrorState } from '../../components/ErrorState';
import { Section } from '../account/Section';
import { SuccessMessage } from '../account/SuccessMessage';
import { AddCard } from './AddCard';
import { SavedCardList } from './SavedCardList';

export const PAYMENT_METHODS_PATH = '/account/payment-methods';

/** `/account/payment-methods`: the student's saved cards; add one, choose the default, remove. */
export function PaymentMethodsPage() {
  return (
    <RequireAuth>
      <title>Payment methods · InstaInstru</title>
      <PaymentMethods />
    </RequireAuth>
  );
}

type Notice = { kind: 'saved' | 'failed'; text: string } | null;

/**
 * Back from 3-D Secure, Stripe adds `setup_intent` and `redirect_status` to the return URL:
 * read once, said once, then taken off the address so a reload does not repeat it.
 */
function useSetupReturn(): [Notice, (notice: Notice) => void] {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const status = params.get('redirect_status');
  const returned = params.has('setup_intent') && status !== null;
  const [notice, setNotice] = useState<Notice>(() =>
    !returned
      ? null
      : status === 'succeeded'
        ? { kind: 'saved', text: 'Your bank confirmed the card. It is saved.' }
        : { kind: 'failed', text: 'Your bank did not confirm the card (3-D Secure failed), so it was not saved. Try again or use another card.' },
  );
  useEffect(() => {
    if (returned) void navigate(PAYMENT_METHODS_PATH, { replace: true });
  }, [returned, navigate]);
  return [notice, setNotice];
}

function PaymentMethods() {
  const allowed = useCan(PAYMENT_METHODS_PERMISSION);
  const queryClient = useQueryClient();
  const cards = useQuery({ ...paymentMethodsQuery, enabled: allowed });
  const [notice, setNotice] = useSetupReturn();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const returnUrl = `${window.location.origin}${PAYMENT_METHODS_PATH}`;

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const heading = (
    <div className="space-y-2">
      <Breadcrumbs items={[{ label: 'Account', to: '/account' }, { label: 'Payment methods' }]} />
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Payment methods</h1>
    </div>
  );

  if (!allowed) {
    return (
      <div className="mx-auto max-w-3xl space-y-6">
        {heading}
        <p className="text-slate-600">Saved cards are for booking lessons; your account does not book lessons.</p>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {heading}
      {notice?.kind === 'saved' && <SuccessMessage ref={noticeRef}>{notice.text}</SuccessMessage>}
      {notice?.kind === 'failed' && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          {notice.text}
        </div>
      )}
      <Section title="Saved cards" description="The default card pays for lessons you book. You are charged only when a lesson is confirmed.">
        {cards.isPending ? (
          <p role="status" className="text-slate-600">
            Loading your cards…
          </p>
        ) : cards.isError ? (
          <ErrorState error={cards.error} onRetry={() => void cards.refetch()} retrying={cards.isFetching} />
        ) : (
          <SavedCardList cards={cards.data.items} />
        )}
      </Section>
      <Section title="Add a card">
        <AddCard
          returnUrl={returnUrl}
          onSaved={() => {
            setNotice({ kind: 'saved', text: 'Your card is saved.' });
            void queryClient.invalidateQueries({ queryKey: paymentMethodsQuery.queryKey });
          }}
        />
      </Section>
    </div>
  );
}
