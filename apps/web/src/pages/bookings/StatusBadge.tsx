import type { BookingStatus } from '../../api/bookings';
import { STATUS_LABELS } from './lessonText';

const TONES: Record<BookingStatus, string> = {
  pending_payment: 'bg-amber-100 text-amber-900',
  confirmed: 'bg-emerald-100 text-emerald-900',
  completed: 'bg-slate-100 text-slate-800',
  cancelled_by_student: 'bg-red-50 text-red-800',
  cancelled_by_instructor: 'bg-red-50 text-red-800',
  no_show_student: 'bg-red-50 text-red-800',
  no_show_instructor: 'bg-red-50 text-red-800',
  expired: 'bg-slate-100 text-slate-700',
};

/** The lesson's status in words (the colour only repeats them). */
export function StatusBadge({ status }: { status: BookingStatus }) {
  return <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${TONES[status]}`}>{STATUS_LABELS[status]}</span>;
}
