import { addDays, mondayOf } from '@instainstru/marketplace-time';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { availabilityQuery, blackoutsQuery } from './api';
import { BufferControl } from './availability/BufferControl';
import { DaysOffPanel } from './availability/DaysOffPanel';
import { WeekEditor } from './availability/WeekEditor';
import { dayLabel, pastCutoff, todayInNewYork } from './cells';
import { StepSection } from './StepSection';
import { useReportUnsaved } from './UnsavedChanges';

/**
 * The week editor opens on the current New York week, by the server's date (its clock may be
 * moved in development); earlier weeks are out of reach and past cells cannot be painted.
 */
export function AvailabilityStep() {
  // The time-off list starts at the server's today: the one date both sides agree on.
  const serverToday = useQuery(blackoutsQuery);
  const today = serverToday.data?.from ?? (serverToday.isError ? todayInNewYork() : null);
  return (
    <StepSection
      id="availability"
      title="Availability"
      description="Drag across the grid to mark when you can teach (New York time); drag over marked times to clear them."
    >
      {today === null ? <p role="status">Loading the week…</p> : <WeekNavigator today={today} />}
      <DaysOffPanel />
      <BufferControl />
    </StepSection>
  );
}

function WeekNavigator({ today }: { today: string }) {
  const currentWeek = mondayOf(today);
  const [weekStart, setWeekStart] = useState(currentWeek);
  const week = useQuery(availabilityQuery(weekStart));
  // Whether the week on screen holds painted cells not saved yet: moving to another week asks first.
  const [unsaved, setUnsaved] = useState(false);
  useReportUnsaved('availability-week', unsaved);
  const goTo = (days: number) => {
    if (unsaved && !window.confirm('This week has changes that are not saved yet. Leave it without saving them?')) return;
    setUnsaved(false);
    setWeekStart(addDays(weekStart, days));
  };
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <button type="button" className={secondaryButtonClass} onClick={() => goTo(-7)} disabled={weekStart <= currentWeek}>
          ← Previous week
        </button>
        <p className="font-semibold text-slate-900" aria-live="polite">
          Week of {dayLabel(weekStart)}
        </p>
        <button type="button" className={secondaryButtonClass} onClick={() => goTo(7)}>
          Next week →
        </button>
      </div>
      {week.isPending ? (
        <p role="status">Loading the week…</p>
      ) : week.isError ? (
        <FormAlert error={week.error} />
      ) : (
        <WeekEditor key={weekStart} week={week.data} cutoff={pastCutoff(today)} onReload={() => void week.refetch()} onUnsavedChange={setUnsaved} />
      )}
    </>
  );
}
