import { addDays, mondayOf } from '@instainstru/marketplace-time';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { availabilityQuery } from './api';
import { DaysOffPanel } from './availability/DaysOffPanel';
import { WeekEditor } from './availability/WeekEditor';
import { dayLabel, todayInNewYork } from './cells';
import { StepSection } from './StepSection';
import { useReportUnsaved } from './UnsavedChanges';

export function AvailabilityStep() {
  const [weekStart, setWeekStart] = useState(() => mondayOf(todayInNewYork()));
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
    <StepSection
      id="availability"
      title="Availability"
      description="Drag across the grid to mark when you can teach (New York time); drag over marked times to clear them."
    >
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <button type="button" className={secondaryButtonClass} onClick={() => goTo(-7)}>
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
        <WeekEditor key={weekStart} week={week.data} onReload={() => void week.refetch()} onUnsavedChange={setUnsaved} />
      )}
      <DaysOffPanel />
    </StepSection>
  );
}
