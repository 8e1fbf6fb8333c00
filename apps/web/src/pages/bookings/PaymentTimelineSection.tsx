import type { BookingDetail } from '../../api/bookings';
import { formatDayTime } from './lessonText';
import { nextText, stepText } from './timelineText';

/**
 * The lesson's payment timeline as the API gives it: what happened, what comes next, and the
 * plan (authorize at T-24 h, charge 24 h after the lesson), all in New York time.
 */
export function PaymentTimelineSection({ booking }: { booking: BookingDetail }) {
  const timeline = booking.paymentTimeline;
  const next = nextText(timeline, booking);
  return (
    <section aria-labelledby="lesson-timeline" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-timeline" className="text-xl font-semibold tracking-tight text-slate-900">
        Payment timeline
      </h2>
      <h3 className="mt-3 text-sm font-semibold text-slate-700">What happened</h3>
      {timeline.steps.length === 0 ? (
        <p className="mt-1 text-sm text-slate-700">Nothing yet: the card has not been touched.</p>
      ) : (
        <ol aria-label="What happened" className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-800">
          {timeline.steps.map((step) => (
            <li key={`${step.step}-${step.attempt}-${step.startedAt}`}>{stepText(step)}</li>
          ))}
        </ol>
      )}
      <h3 className="mt-4 text-sm font-semibold text-slate-700">What comes next</h3>
      <p className="mt-1 text-sm text-slate-800">{next ?? 'Nothing more is planned for this payment.'}</p>
      {/* The plan while something is still to come for this payment. */}
      {next !== null && (
        <p className="mt-3 text-xs text-slate-600">
          The plan: the card is authorized on {formatDayTime(timeline.authorizeAt)}, and charged on {formatDayTime(timeline.captureAt)}, 24 hours
          after the lesson (New York time).
        </p>
      )}
    </section>
  );
}
