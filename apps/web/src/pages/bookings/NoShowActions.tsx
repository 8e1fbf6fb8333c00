import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ACCOUNT_KEY } from '../../api/account';
import { disputeNoShow, reportNoShow, type BookingDetail, type BookingNoShow } from '../../api/bookings';
import { FormAlert } from '../../components/form/FormAlert';
import { inputClass, secondaryButtonClass } from '../../components/form/styles';
import { formatDayTime } from './lessonText';

/**
 * After the lesson: report that the other side did not come, or dispute a report about you —
 * each offered only when the API's `allowedActions` allows it (its windows: 24 h after the
 * lesson, 24 h after a report) — and the report itself once there is one.
 */
export function NoShowActions({ booking: b }: { booking: BookingDetail }) {
  const { reportNoShow: canReport, disputeNoShow: canDispute } = b.allowedActions;
  const queryClient = useQueryClient();
  const [disputing, setDisputing] = useState(false);
  const [note, setNote] = useState('');
  const noteId = useId();
  // The booking is read again: the report and what is allowed next come from the API.
  const done = () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
  const reportIt = useMutation({ mutationFn: () => reportNoShow(b.id), onSuccess: done });
  const dispute = useMutation({ mutationFn: () => disputeNoShow(b.id, note.trim()), onSuccess: done });
  if (!canReport && !canDispute && !b.noShow) return null;
  const other = b.viewer === 'student' ? b.instructorName : b.studentName;
  const submitDispute = (event: FormEvent) => {
    event.preventDefault();
    dispute.mutate();
  };

  return (
    <section aria-labelledby="lesson-no-show" className="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-no-show" className="text-xl font-semibold tracking-tight text-slate-900">
        Did something go wrong?
      </h2>
      {b.noShow && <ReportText booking={b} report={b.noShow} />}
      {canReport && (
        <>
          <button type="button" className={secondaryButtonClass} disabled={reportIt.isPending} onClick={() => reportIt.mutate()}>
            {reportIt.isPending ? 'Reporting…' : `Report that ${other} did not come`}
          </button>
          <p className="text-xs text-slate-600">A no-show can be reported from the end of the lesson until 24 hours after it; the other side can dispute it within 24 hours.</p>
          {reportIt.isError && <FormAlert error={reportIt.error} />}
        </>
      )}
      {canDispute && !disputing && (
        <button type="button" className={secondaryButtonClass} onClick={() => setDisputing(true)}>
          Dispute the report
        </button>
      )}
      {canDispute && disputing && (
        <form aria-label="Dispute the no-show report" onSubmit={submitDispute} className="space-y-3">
          <label htmlFor={noteId} className="block text-sm font-semibold text-slate-800">
            What happened (for the admin who decides)
          </label>
          <textarea id={noteId} value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} className={inputClass(false)} />
          {dispute.isError && <FormAlert error={dispute.error} />}
          <button type="submit" className={secondaryButtonClass} disabled={dispute.isPending}>
            {dispute.isPending ? 'Sending…' : 'Send the dispute'}
          </button>
        </form>
      )}
    </section>
  );
}

function ReportText({ booking: b, report }: { booking: BookingDetail; report: BookingNoShow }) {
  const name = (side: 'student' | 'instructor') => (side === b.viewer ? 'you' : side === 'student' ? b.studentName : b.instructorName);
  const reporter = name(report.reporter);
  const absent = name(report.absent);
  const findings = { student: `${name('student')} did not come`, instructor: `${name('instructor')} did not come`, nobody: 'the lesson took place' };
  return (
    <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      {reporter === 'you' ? 'You' : reporter} reported on {formatDayTime(report.reportedAt)} that {absent} did not come.{' '}
      {report.finding
        ? `Decided on ${formatDayTime(report.resolvedAt ?? report.reportedAt)}: ${findings[report.finding]}.`
        : report.disputedAt
          ? `Disputed on ${formatDayTime(report.disputedAt)}; an admin decides.`
          : `It can be disputed until ${formatDayTime(report.disputeDeadline)}.`}
    </p>
  );
}
