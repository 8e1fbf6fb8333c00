import { useQuery } from '@tanstack/react-query';
import { cancellationPreviewQuery } from '../../api/bookings';
import { ErrorState } from '../../components/ErrorState';
import { Outcome } from './CancelDialog';

/** A cancelled lesson: what its cancellation did to the money (the API keeps the outcome decided then). */
export function CancellationSection({ bookingId }: { bookingId: string }) {
  const outcome = useQuery(cancellationPreviewQuery(bookingId));
  return (
    <section aria-labelledby="lesson-cancellation" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-cancellation" className="text-xl font-semibold tracking-tight text-slate-900">
        The cancellation
      </h2>
      <div className="mt-3">
        {outcome.isPending && (
          <p role="status" className="text-slate-600">
            Loading what the cancellation did…
          </p>
        )}
        {outcome.isError && <ErrorState error={outcome.error} onRetry={() => void outcome.refetch()} retrying={outcome.isFetching} />}
        {outcome.isSuccess && <Outcome outcome={outcome.data} />}
      </div>
    </section>
  );
}
