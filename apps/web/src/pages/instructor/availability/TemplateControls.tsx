import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '../../../components/form/FormAlert';
import { inputClass, secondaryButtonClass } from '../../../components/form/styles';
import { applyTemplate, ownProfileQuery, saveTemplate, type AvailabilityWeek, type ServicesTemplateDays } from '../api';
import { toTemplateDay } from '../cells';
import { Saved } from '../StepSection';

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Save the grid as the weekly template; fill the next N weeks from the template. */
export function SaveTemplateButton({ week, grid }: { week: AvailabilityWeek; grid: boolean[][] }) {
  const template = useMutation({
    mutationFn: () =>
      saveTemplate(
        Object.fromEntries(DAY_NAMES.map((name, i) => [name, toTemplateDay(grid[i]!, week.days[i]!.cellCount)])) as ServicesTemplateDays,
      ),
  });
  return (
    <>
      <button type="button" className={secondaryButtonClass} disabled={template.isPending} onClick={() => template.mutate()}>
        {template.isPending ? 'Saving…' : 'Save as weekly template'}
      </button>
      {template.isSuccess && <Saved>Saved as your weekly template.</Saved>}
      {template.isError && <FormAlert error={template.error} />}
    </>
  );
}

export function ApplyTemplateForm({ weekStart }: { weekStart: string }) {
  const queryClient = useQueryClient();
  const [weeks, setWeeks] = useState('4');
  const apply = useMutation({
    mutationFn: () => applyTemplate(weekStart, Math.max(1, Math.min(26, Number(weeks) || 1))),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['availability'] });
      await queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
    },
  });
  return (
    <>
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
    </>
  );
}
