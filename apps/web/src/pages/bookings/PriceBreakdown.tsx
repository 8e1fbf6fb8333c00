import type { BookingQuote } from '../../api/bookings';
import { formatCents } from '../../lib/format';

/**
 * The API's price breakdown, line by line (lesson, booking fee, credits, total, what the card
 * pays). Nothing is computed here: every figure is the quote's or the booking's own.
 */
export function PriceBreakdown({ price, label = 'Price breakdown' }: { price: Omit<BookingQuote, 'credits'>; label?: string }) {
  const row = 'flex justify-between gap-4 py-1.5';
  return (
    <dl aria-label={label} className="divide-y divide-slate-100 text-slate-800">
      <div className={row}>
        <dt>Lesson</dt>
        <dd>{formatCents(price.lessonCents)}</dd>
      </div>
      <div className={row}>
        <dt>Booking fee</dt>
        <dd>{formatCents(price.bookingFeeCents)}</dd>
      </div>
      <div className={`${row} font-semibold text-slate-900`}>
        <dt>Total</dt>
        <dd>{formatCents(price.totalCents)}</dd>
      </div>
      {price.creditsAppliedCents > 0 && (
        <div className={`${row} text-emerald-800`}>
          <dt>Your credits</dt>
          <dd>−{formatCents(price.creditsAppliedCents)}</dd>
        </div>
      )}
      <div className={`${row} font-semibold text-slate-900`}>
        <dt>Card pays</dt>
        <dd>{formatCents(price.cardCents)}</dd>
      </div>
    </dl>
  );
}
