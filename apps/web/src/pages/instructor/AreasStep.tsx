import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { inputClass } from '../../components/form/styles';
import { NeighborhoodMap } from './NeighborhoodMap';
import {
  neighborhoodsQuery,
  ownProfileQuery,
  saveProfile,
  saveServiceAreas,
  serviceAreasQuery,
  type OwnProfile,
} from './api';
import { Saved, StepSection } from './StepSection';
import { useEditedSinceSave } from './UnsavedChanges';

export function AreasStep({ profile }: { profile: OwnProfile }) {
  const areas = useQuery(serviceAreasQuery);
  return (
    <StepSection id="areas" title="Where you teach" description="How you meet students, and the neighborhoods you travel to.">
      {areas.isPending ? (
        <p role="status">Loading your service areas…</p>
      ) : areas.isError ? (
        <FormAlert error={areas.error} />
      ) : (
        <AreasForm profile={profile} initialCodes={areas.data.neighborhoodCodes} />
      )}
    </StepSection>
  );
}

function AreasForm({ profile, initialCodes }: { profile: OwnProfile; initialCodes: string[] }) {
  const queryClient = useQueryClient();
  const neighborhoods = useQuery(neighborhoodsQuery);
  const [travels, setTravels] = useState(profile.location.travelsToStudents);
  const [studio, setStudio] = useState(profile.location.teachesAtStudio);
  const [online, setOnline] = useState(profile.location.teachesOnline);
  const [address, setAddress] = useState(profile.location.studioAddress ?? '');
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(initialCodes));
  const [filter, setFilter] = useState('');

  const edits = useEditedSinceSave('areas');
  const save = useMutation({
    onSuccess: () => edits.markSaved(),
    mutationFn: async () => {
      const updated = await saveProfile({
        name: profile.name,
        headline: profile.headline,
        bio: profile.bio,
        yearsExperience: profile.yearsExperience,
        languages: profile.languages,
        ageGroups: profile.ageGroups as ('kids' | 'teens' | 'adults')[],
        levels: profile.levels as ('beginner' | 'intermediate' | 'advanced')[],
        location: { travelsToStudents: travels, teachesAtStudio: studio, teachesOnline: online, studioAddress: studio && address.trim() ? address.trim() : null },
      });
      queryClient.setQueryData(ownProfileQuery.queryKey, updated);
      const areas = await saveServiceAreas([...selected]);
      queryClient.setQueryData(serviceAreasQuery.queryKey, areas);
      await queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
      return areas;
    },
  });
  const errors = fieldErrorsOf(save.error);

  const toggle = (code: string) => {
    edits.markEdited();
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
    if (save.isSuccess) save.reset();
  };

  const features = useMemo(() => {
    const list = neighborhoods.data?.features.map((f) => f.properties) ?? [];
    return [...list].sort((a, b) => a.borough.localeCompare(b.borough) || a.name.localeCompare(b.name));
  }, [neighborhoods.data]);
  const visible = features.filter(
    (f) => selected.has(f.code) || (filter.trim() !== '' && `${f.name} ${f.borough}`.toLowerCase().includes(filter.trim().toLowerCase())),
  );
  const names = features.filter((f) => selected.has(f.code)).map((f) => f.name);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={onSubmit} onChange={edits.onChange} noValidate className="space-y-5">
      {save.isError && <FormAlert error={save.error} fields={['location.studioAddress', 'neighborhoodCodes']} />}
      {save.isSuccess && <Saved>Where you teach was saved.</Saved>}
      <fieldset>
        <legend className="text-sm font-semibold text-slate-800">How you teach</legend>
        <div className="mt-1.5 space-y-1.5">
          <label className="flex items-center gap-2">
            <input type="checkbox" role="switch" checked={travels} onChange={(e) => setTravels(e.target.checked)} />
            I travel to students
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" role="switch" checked={studio} onChange={(e) => setStudio(e.target.checked)} />
            I teach at my studio
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" role="switch" checked={online} onChange={(e) => setOnline(e.target.checked)} />
            I teach online
          </label>
        </div>
      </fieldset>
      {studio && (
        <TextField
          label="Studio address"
          name="location.studioAddress"
          hint="Never shown to students: they see an approximate area."
          autoComplete="street-address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          error={errors['location.studioAddress']}
          className="max-w-xl"
        />
      )}
      <div>
        <h3 className="text-sm font-semibold text-slate-800">Neighborhoods you travel to</h3>
        <p className="mt-1 text-sm text-slate-600" aria-live="polite">
          {selected.size === 0 ? 'None selected yet.' : `${selected.size} selected: ${names.join(', ')}`}
        </p>
        {errors.neighborhoodCodes && <p className="mt-1 text-sm font-medium text-red-700">{errors.neighborhoodCodes}</p>}
        {neighborhoods.isError && <FormAlert error={neighborhoods.error} />}
        <div className="mt-3 grid gap-4 lg:grid-cols-[2fr_1fr]">
          {neighborhoods.data ? (
            <NeighborhoodMap data={neighborhoods.data} selected={selected} onToggle={toggle} />
          ) : (
            <div className="h-96 rounded-xl bg-slate-100" role="status">
              Loading the map…
            </div>
          )}
          <div>
            <label htmlFor="neighborhood-filter" className="block text-sm font-semibold text-slate-800">
              Find a neighborhood
            </label>
            <input
              id="neighborhood-filter"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              onKeyDown={(e) => {
                // Enter picks the first neighborhood found, never submits the whole form.
                if (e.key !== 'Enter') return;
                e.preventDefault();
                const first = visible.find((f) => !selected.has(f.code));
                if (first) {
                  toggle(first.code);
                  setFilter('');
                }
              }}
              aria-describedby="neighborhood-filter-hint"
              placeholder="e.g. Park Slope"
              className={`mt-1.5 ${inputClass(false)}`}
            />
            <p id="neighborhood-filter-hint" className="mt-1 text-xs text-slate-600">
              Enter adds the first match.
            </p>
            <fieldset className="mt-2 max-h-72 overflow-y-auto">
              <legend className="sr-only">Neighborhoods</legend>
              {visible.length === 0 && <p className="text-sm text-slate-500">Type to search, or click the map.</p>}
              {visible.map((f) => (
                <label key={f.code} className="flex items-center gap-2 py-0.5 text-sm">
                  <input type="checkbox" checked={selected.has(f.code)} onChange={() => toggle(f.code)} />
                  {f.name} <span className="text-slate-500">({f.borough})</span>
                </label>
              ))}
            </fieldset>
          </div>
        </div>
      </div>
      <SubmitButton pending={save.isPending} pendingLabel="Saving…">
        Save where you teach
      </SubmitButton>
    </form>
  );
}
