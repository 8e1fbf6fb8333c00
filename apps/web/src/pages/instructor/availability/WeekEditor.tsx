import { addDays } from '@instainstru/marketplace-time';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiProblem } from '../../../api/problem';
import { FormAlert } from '../../../components/form/FormAlert';
import { primaryButtonClass, secondaryButtonClass } from '../../../components/form/styles';
import { availabilityQuery, blackoutsQuery, ownProfileQuery, saveWeek, type AvailabilityWeek } from '../api';
import { decodeCells, encodeCells, remapCells, shortDate, type PastCutoff } from '../cells';
import { Saved } from '../StepSection';
import { ConflictAlert } from './ConflictAlert';
import type { DaysOff } from './rows';
import { ApplyTemplateForm, SaveTemplateButton } from './TemplateControls';
import { WeekGrid } from './WeekGrid';

const gridOf = (week: AvailabilityWeek) => week.days.map((d) => decodeCells(d.cells));
const daysOffOf = (week: AvailabilityWeek): DaysOff => Object.fromEntries(week.blackouts.map((b) => [b.date, b.reason ?? '']));

/** One week being edited: the grid, the days unavailable all day, saving (If-Match), copying the week before. */
export function WeekEditor({
  week,
  onReload,
  onUnsavedChange,
  cutoff,
}: {
  week: AvailabilityWeek;
  cutoff: PastCutoff;
  onReload: () => void;
  /** Told whenever the editor starts or stops holding unsaved edits. */
  onUnsavedChange: (unsaved: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const [grid, setGrid] = useState<boolean[][]>(() => gridOf(week));
  const [daysOff, setDaysOff] = useState<DaysOff>(() => daysOffOf(week));
  const [dirty, setDirty] = useState(false);
  useEffect(() => onUnsavedChange(dirty), [dirty, onUnsavedChange]);

  const save = useMutation({
    mutationFn: () =>
      saveWeek(
        week.weekStart,
        week.etag,
        week.days.map((d, i) => ({ date: d.date, cells: encodeCells(grid[i]!) })),
        week.days.filter((d) => d.date in daysOff).map((d) => ({ date: d.date, reason: daysOff[d.date]!.trim() || null })),
      ),
    onSuccess: (updated) => {
      setDirty(false);
      copy.reset();
      queryClient.setQueryData(availabilityQuery(week.weekStart).queryKey, updated);
      void queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
      void queryClient.invalidateQueries({ queryKey: blackoutsQuery.queryKey });
    },
  });

  const previousWeek = addDays(week.weekStart, -7);
  const copy = useMutation({
    mutationFn: () => queryClient.fetchQuery({ ...availabilityQuery(previousWeek), staleTime: 0 }),
    onSuccess: (previous) => {
      setGrid(
        week.days.map((d, i) => {
          const from = previous.days[i]!;
          return remapCells(decodeCells(from.cells), from.cellCount, d.cellCount);
        }),
      );
      edited();
    },
  });

  // A new version of the week (saved here, reloaded after a conflict, filled from the template).
  useEffect(() => {
    setGrid(gridOf(week));
    setDaysOff(daysOffOf(week));
    setDirty(false);
  }, [week]);

  function edited() {
    setDirty(true);
    if (save.isSuccess || save.isError) save.reset();
  }

  const conflict = save.error instanceof ApiProblem && save.error.status === 412;
  const count = grid.reduce((sum, bits, i) => (week.days[i]!.date in daysOff ? sum : sum + bits.filter(Boolean).length), 0);
  const offCount = Object.keys(daysOff).length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {(count / 4).toLocaleString('en-US')} hours available this week.
          {offCount > 0 && ` Unavailable all day: ${offCount} ${offCount === 1 ? 'day' : 'days'}.`}
        </p>
        <button type="button" className={secondaryButtonClass} disabled={copy.isPending} onClick={() => copy.mutate()}>
          {copy.isPending ? 'Copying…' : 'Copy previous week'}
        </button>
      </div>
      {copy.isSuccess && (
        <p role="status" className="text-sm font-medium text-indigo-800">
          Copied the week of {shortDate(previousWeek)} — review and save.
        </p>
      )}
      {copy.isError && <FormAlert error={copy.error} />}
      <WeekGrid
        days={week.days}
        grid={grid}
        onChange={(next) => {
          setGrid(next);
          edited();
        }}
        daysOff={daysOff}
        cutoff={cutoff}
        onDaysOffChange={(next) => {
          setDaysOff(next);
          edited();
        }}
      />
      {save.isError &&
        (conflict ? (
          <ConflictAlert
            onReload={() => {
              save.reset();
              copy.reset();
              onReload();
            }}
          />
        ) : (
          <FormAlert error={save.error} />
        ))}
      {save.isSuccess && <Saved>This week’s availability was saved.</Saved>}
      <div className="flex flex-wrap items-start gap-3">
        <button type="button" className={primaryButtonClass} disabled={save.isPending || !dirty} onClick={() => save.mutate()}>
          {save.isPending ? 'Saving…' : 'Save this week'}
        </button>
        <SaveTemplateButton week={week} grid={grid} />
      </div>
      <ApplyTemplateForm weekStart={week.weekStart} />
    </div>
  );
}
