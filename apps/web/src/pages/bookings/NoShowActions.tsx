import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ACCOUNT_KEY } from '../../api/account';
import { disputeNoShow, reportNoShow, type BookingDetail, type NoShowReport } from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { inputClass, secondaryButtonClass } from '../../components/form/styles';
import { formatDayTime } from './lessonText';

/**
 * After the lesson: report that the other side did not come, or dispute a report about you.
 * The windows (24 h after the lesson, 24 h after a report) are the API's to check: its refusal
 * is shown as it says it. The booking view does not say whether a report exists, so the dispute
 * is offered on every completed lesson still waiting for its charge.
 */
export function NoShowActions({ booking: b, viewer }: { booking: BookingDetail; viewer: 'student' | 'instructor' }) {
  const other = viewer === 'student' ? b.instructorName : b.studentName;
  const queryClient = useQueryClient();
  const [report, setReport] = useState<NoShowReport | null>(null);
  const [disputing, setDisputing] = useState(false);
  const [note, setNote] = useState('');
  const noteId = useId();
  const done = async (answer: NoShowReport) => {
    setReport(answer);
    await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
  };
  const reportIt = useMutation({ mutationFn: () => reportNoShow(b.id), onSuccess: done });
  const dispute = useMutation({ mutationFn: () => disputeNoShow(b.id, note.trim()), onSuccess: done });
  const submitDispute = (event: FormEvent) => {
    event.preventDefault();
    dispute.mutate();
  };

  return (
    <div className="space-y-3">
      <h3 className="font-semibold text-slate-900">Did something go wrong?</h3>
      {report ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          {report.disputedAt
            ? `Your dispute is sent on ${formatDayTime(report.disputedAt)}; an admin decides.`
            : `Reported on ${formatDayTime(report.reportedAt)} that ${report.absent === 'student' ? b.studentName : b.instructorName} did not come. They may dispute it until ${formatDayTime(report.disputeDeadline)}.`}
        </p>
      ) : (
        <>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={secondaryButtonClass} disabled={reportIt.isPending} onClick={() => reportIt.mutate()}>
              {reportIt.isPending ? 'Reporting…' : `Report that ${other} did not come`}
            </button>
            {!disputing && (
              <button type="button" className={secondaryButtonClass} onClick={() => setDisputing(true)}>
                Dispute a report that you did not come
              </button>
            )}
          </div>
          <p className="text-xs text-slate-600">A no-show can be reported from the end of the lesson until 24 hours after it; the other side can dispute it within 24 hours.</p>
          {reportIt.isError && <FormAlert error={reportIt.error} />}
          {disputing && (
            <form aria-label="Dispute the no-show report" onSubmit={submitDispute} className="space-y-3">
              <label htmlFor={noteId} className="block text-sm font-semibold text-slate-800">
                What happened (for the admin who decides)
              </label>
              <textarea id={noteId} value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} className={inputClass(false)} />
              {dispute.isError && (
                <FormAlert
                  error={dispute.error}
                  message={dispute.error instanceof ApiProblem && dispute.error.status === 404 ? 'Nobody reported you absent from this lesson.' : undefined}
                />
              )}
              <button type="submit" className={secondaryButtonClass} disabled={dispute.isPending}>
                {dispute.isPending ? 'Sending…' : 'Send the dispute'}
              </button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
