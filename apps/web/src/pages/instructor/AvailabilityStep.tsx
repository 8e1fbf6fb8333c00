import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { inputClass, primaryButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { applyTemplate, availabilityQuery, ownProfileQuery, saveTemplate, saveWeek, type AvailabilityWeek } from './api';
import { addDays, cellIndex, decodeCells, encodeCells, mondayOf, toTemplateDay, todayInNewYork } from './cells';
import { Saved, StepSection } from './StepSection';

const FIRST_HOUR = 6;
const LAST_HOUR = 24; // exclusive
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const ROWS = Array.from({ length: (LAST_HOUR - FIRST_HOUR) * 4 }, (_, i) => ({ hour: FIRST_HOUR + Math.floor(i / 4), quarter: i % 4 }));
const pad = (n: number) => n.toString().padStart(2, '0');
const dayLabel = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });

export function AvailabilityStep() {
  const [weekStart, setWeekStart] = useState(() => mondayOf(todayInNewYork()));
  const week = useQuery(availabilityQuery(weekStart));
  return (
    <StepSection
      id="availability"
      title="Availability"
      description="Drag across the grid to mark when you can teach (New York time); drag over marked times to clear them."
    >
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <button type="button" className={secondaryButtonClass} onClick={() => setWeekStart(addDays(weekStart, -7))}>
          ← Previous week
        </button>
        <p className="font-semibold text-slate-900" aria-live="polite">
          Week of {dayLabel(weekStart)}
        </p>
        <button type="button" className={secondaryButtonClass} onClick={() => setWeekStart(addDays(weekStart, 7))}>
          Next week →
        </button>
      </div>
      {week.isPending ? (
        <p role="status">Loading the week…</p>
      ) : week.isError ? (
        <FormAlert error={week.error} />
      ) : (
        <WeekEditor key={weekStart} week={week.data} onReload={() => void week.refetch()} />
      )}
    </StepSection>
  );
}

function WeekEditor({ week, onReload }: { week: AvailabilityWeek; onReload: () => void }) {
  const queryClient = useQueryClient();
  const [grid, setGrid] = useState<boolean[][]>(() => week.days.map((d) => decodeCells(d.cells)));
  const [dirty, setDirty] = useState(false);
  const [weeks, setWeeks] = useState('4');
  const drag = useRef<{ mode: boolean; from: [number, number]; snapshot: boolean[][] } | null>(null);

  // A new version of the week (saved here, reloaded after a conflict, filled from the template).
  useEffect(() => {
    setGrid(week.days.map((d) => decodeCells(d.cells)));
    setDirty(false);
  }, [week]);

  useEffect(() => {
    const end = () => {
      drag.current = null;
    };
    window.addEventListener('pointerup', end);
    return () => window.removeEventListener('pointerup', end);
  }, []);

  const save = useMutation({
    mutationFn: () =>
      saveWeek(
        week.weekStart,
        week.etag,
        week.days.map((d, i) => ({ date: d.date, cells: encodeCells(grid[i]!) })),
        week.blackouts,
      ),
    onSuccess: (updated) => {
      setDirty(false);
      queryClient.setQueryData(availabilityQuery(week.weekStart).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
    },
  });
  const template = useMutation({
    mutationFn: () =>
      saveTemplate(
        Object.fromEntries(DAY_NAMES.map((name, i) => [name, toTemplateDay(grid[i]!, week.days[i]!.cellCount)])) as Record<
          (typeof DAY_NAMES)[number],
          string
        >,
      ),
  });
  const apply = useMutation({
    mutationFn: () => applyTemplate(week.weekStart, Math.max(1, Math.min(26, Number(weeks) || 1))),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['availability'] });
      await queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
    },
  });
  const conflict = save.error instanceof ApiProblem && save.error.status === 412;

  function paint(day: number, row: number) {
    const d = drag.current;
    if (!d) return;
    const [d0, r0] = d.from;
    const next = d.snapshot.map((bits) => [...bits]);
    for (let x = Math.min(d0, day); x <= Math.max(d0, day); x += 1) {
      for (let y = Math.min(r0, row); y <= Math.max(r0, row); y += 1) {
        const { hour, quarter } = ROWS[y]!;
        const i = cellIndex(hour, quarter, week.days[x]!.cellCount);
        if (i !== null) next[x]![i] = d.mode;
      }
    }
    setGrid(next);
    setDirty(true);
    if (save.isSuccess || save.isError) save.reset();
  }

  function start(day: number, row: number) {
    const { hour, quarter } = ROWS[row]!;
    const i = cellIndex(hour, quarter, week.days[day]!.cellCount);
    if (i === null) return;
    drag.current = { mode: !grid[day]![i], from: [day, row], snapshot: grid };
    paint(day, row);
  }

  const count = grid.reduce((sum, bits) => sum + bits.filter(Boolean).length, 0);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{(count / 4).toLocaleString('en-US')} hours available this week.</p>
      <div className="max-h-[32rem] overflow-auto rounded-xl border border-slate-200">
        <table className="w-full table-fixed border-collapse select-none text-xs" aria-label="Weekly availability">
          <thead className="sticky top-0 z-10 bg-white">
            <tr>
              <th scope="col" className="w-14 p-1 text-left font-medium text-slate-500">
                Time
              </th>
              {week.days.map((d) => (
                <th key={d.date} scope="col" className="p-1 font-semibold text-slate-800">
                  {dayLabel(d.date)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map(({ hour, quarter }, row) => (
              <tr key={`${hour}:${quarter}`} className={quarter === 0 ? 'border-t border-slate-300' : ''}>
                <th scope="row" className="h-3 p-0 pr-1 text-right align-top font-normal text-slate-500">
                  {quarter === 0 ? `${pad(hour % 24)}:00` : ''}
                </th>
                {week.days.map((d, day) => {
                  const i = cellIndex(hour, quarter, d.cellCount);
                  const on = i !== null && Boolean(grid[day]![i]);
                  const label = `${dayLabel(d.date)} ${pad(hour)}:${pad(quarter * 15)}`;
                  return (
                    <td key={d.date} className="p-0">
                      <button
                        type="button"
                        data-cell={`${day}-${pad(hour)}:${pad(quarter * 15)}`}
                        aria-label={label}
                        aria-pressed={on}
                        disabled={i === null}
                        onPointerDown={(e) => {
                          e.preventDefault();
                          (e.target as HTMLElement).releasePointerCapture?.(e.pointerId);
                          start(day, row);
                        }}
                        onPointerEnter={() => paint(day, row)}
                        onClick={(e) => {
                          if (e.detail !== 0) return; // pointer clicks were handled on pointerdown
                          drag.current = { mode: !on, from: [day, row], snapshot: grid };
                          paint(day, row);
                          drag.current = null;
                        }}
                        className={`block h-3 w-full border-l border-slate-200 ${on ? 'bg-indigo-500' : 'bg-white hover:bg-indigo-100'} disabled:bg-slate-200`}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {save.isError &&
        (conflict ? (
          <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <p className="font-semibold">This week was changed somewhere else.</p>
            <p className="mt-1">Reload it to see the latest version, then make your changes again.</p>
            <button
              type="button"
              className={`mt-2 ${secondaryButtonClass}`}
              onClick={() => {
                save.reset();
                onReload();
              }}
            >
              Reload week
            </button>
          </div>
        ) : (
          <FormAlert error={save.error} />
        ))}
      {save.isSuccess && <Saved>This week’s availability was saved.</Saved>}
      <div className="flex flex-wrap gap-3">
        <button type="button" className={primaryButtonClass} disabled={save.isPending || !dirty} onClick={() => save.mutate()}>
          {save.isPending ? 'Saving…' : 'Save this week'}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={template.isPending} onClick={() => template.mutate()}>
          {template.isPending ? 'Saving…' : 'Save as weekly template'}
        </button>
      </div>
      {template.isSuccess && <Saved>Saved as your weekly template.</Saved>}
      {template.isError && <FormAlert error={template.error} />}
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="apply-weeks" className="block text-sm font-semibold text-slate-800">
            Weeks to fill from the template
          </label>
          <input
            id="apply-weeks"
            type="number"
            min={1}
            max={26}
            value={weeks}
            onChange={(e) => setWeeks(e.target.value)}
            className={`mt-1.5 w-24 ${inputClass(false)}`}
          />
        </div>
        <button type="button" className={secondaryButtonClass} disabled={apply.isPending} onClick={() => apply.mutate()}>
          {apply.isPending ? 'Applying…' : 'Apply template to the next weeks'}
        </button>
      </div>
      {apply.isSuccess && <Saved>Template applied to {apply.data.weeks.length} weeks.</Saved>}
      {apply.isError && <FormAlert error={apply.error} />}
    </div>
  );
}
