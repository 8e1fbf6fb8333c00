import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ACCOUNT_KEY } from '../../api/account';
import { rescheduleBooking, type BookingDetail, type RescheduleOutcome } from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { primaryButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { SlotPicker } from './SlotPicker';

/**
 * Move the lesson to another open time of the instructor (the slots API). The API decides
 * whether it may move (limit, start passed, card failing) and answers the moves left.
 */
export function RescheduleForm(props: {
  booking: BookingDetail;
  reschedulesLeft: number;
  onDone: (outcome: RescheduleOutcome) => void;
  /** The card was declined for a move within 24 h: the lesson stayed, and its card now needs updating. */
  onDeclined: (problem: ApiProblem) => void;
  onClose: () => void;
}) {
  const { booking: b, reschedulesLeft, onDone, onDeclined, onClose } = props;
  const [start, setStart] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (startsAt: string) => rescheduleBooking(b.id, startsAt),
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
      await queryClient.invalidateQueries({ queryKey: ['instructors', b.instructorId, 'slots'] });
      onDone(outcome);
    },
    onError: async (error) => {
      await queryClient.invalidateQueries({ queryKey: ['instructors', b.instructorId, 'slots'] });
      if (!(error instanceof ApiProblem && error.code === 'card_declined')) return;
      // The decline is the lesson's payment now failing: its page shows the card to update.
      onDeclined(error);
      await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!start) return setMissing(true);
    move.mutate(start);
  };
  return (
    <form aria-label="Reschedule the lesson" onSubmit={submit} className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-4">
      <p className="text-sm text-slate-700">
        Choose a new open time. You can move this lesson {reschedulesLeft === 1 ? 'once more' : `${reschedulesLeft} more times`}; the cancellation terms
        stay those of the time first booked.
      </p>
      <SlotPicker
        instructorId={b.instructorId}
        serviceId={b.serviceId}
        durationMinutes={b.durationMinutes}
        value={start}
        onChange={(value) => {
          setStart(value);
          if (value) setMissing(false);
        }}
        invalid={missing}
      />
      {move.isError && <FormAlert error={move.error} />}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={primaryButtonClass} disabled={move.isPending}>
          {move.isPending ? 'Moving…' : 'Move the lesson'}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={move.isPending}>
          Keep the time
        </button>
      </div>
    </form>
  );
}
