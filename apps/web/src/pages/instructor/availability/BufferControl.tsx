import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FormAlert } from '../../../components/form/FormAlert';
import { inputClass, secondaryButtonClass } from '../../../components/form/styles';
import { bufferQuery, saveBuffer } from '../api';
import { Saved } from '../StepSection';

/**
 * The time kept free after each lesson. The choices are the API's bounds and step; a change
 * moves only the times offered from now on (lessons booked keep theirs).
 */
export function BufferControl() {
  const buffer = useQuery(bufferQuery);
  if (buffer.isPending) return <p role="status">Loading the break between lessons…</p>;
  if (buffer.isError) return <FormAlert error={buffer.error} />;
  return <BufferForm current={buffer.data} />;
}

function BufferForm({ current }: { current: { bufferMinutes: number; minMinutes: number; maxMinutes: number; stepMinutes: number } }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState(current.bufferMinutes);
  const save = useMutation({
    mutationFn: () => saveBuffer(minutes),
    // The open times change with it.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['availability'] }), queryClient.invalidateQueries({ queryKey: ['instructors'] })]),
  });
  const choices: number[] = [];
  for (let m = current.minMinutes; m <= current.maxMinutes; m += current.stepMinutes) choices.push(m);
  return (
    <form
      aria-label="Break between lessons"
      className="mt-6 space-y-2 border-t border-slate-200 pt-4"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
            Break after each lesson
          </label>
          <select id={id} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} className={`mt-1.5 w-40 ${inputClass(false)}`}>
            {choices.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? 'No break' : `${m} minutes`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={secondaryButtonClass} disabled={save.isPending || minutes === current.bufferMinutes}>
          {save.isPending ? 'Saving…' : 'Save the break'}
        </button>
      </div>
      <p className="text-sm text-slate-600">No lesson can be booked sooner than this after another. Lessons already booked keep the break they were booked with.</p>
      {save.isSuccess && <Saved>Saved: {save.data.bufferMinutes === 0 ? 'no break' : `${save.data.bufferMinutes} minutes`} after each lesson from now on.</Saved>}
      {save.isError && <FormAlert error={save.error} />}
    </form>
  );
}
