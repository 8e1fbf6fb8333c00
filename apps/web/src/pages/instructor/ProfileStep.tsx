import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fieldErrorsOf, fieldMessage } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { inputClass } from '../../components/form/styles';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { ownProfileQuery, saveProfile, uploadPhoto, type OwnProfile } from './api';
import { LanguageChooser } from './LanguageChooser';
import { Saved, StepSection } from './StepSection';
import { useEditedSinceSave } from './UnsavedChanges';

const AGE_GROUPS = ['kids', 'teens', 'adults'] as const;
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

export function ProfileStep({ profile }: { profile: OwnProfile }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(profile.name);
  const [headline, setHeadline] = useState(profile.headline);
  const [bio, setBio] = useState(profile.bio);
  const [years, setYears] = useState(profile.yearsExperience?.toString() ?? '');
  const [languages, setLanguages] = useState<string[]>(profile.languages);
  const [ageGroups, setAgeGroups] = useState<string[]>(profile.ageGroups);
  const [levels, setLevels] = useState<string[]>(profile.levels);
  const bioId = useId();

  const edits = useEditedSinceSave('profile');
  const save = useMutation({
    mutationFn: saveProfile,
    onSuccess: (updated) => {
      edits.markSaved();
      queryClient.setQueryData(ownProfileQuery.queryKey, updated);
    },
  });
  const errors = fieldErrorsOf(save.error);
  // Per-item errors (`languages.1`) belong beside the list's one input.
  for (const [field, reason] of Object.entries(errors)) {
    const base = field.split('.')[0]!;
    if (base !== field && base !== 'location') errors[base] = errors[base] ? `${errors[base]}; ${reason}` : reason;
  }
  useFocusFirstInvalid(formRef, save.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      name: name.trim(),
      headline: headline.trim(),
      bio: bio.trim(),
      yearsExperience: years.trim() === '' ? null : Number(years),
      languages,
      ageGroups: ageGroups as ('kids' | 'teens' | 'adults')[],
      levels: levels as ('beginner' | 'intermediate' | 'advanced')[],
      // Where you teach is edited in its own step; keep it as saved.
      location: {
        travelsToStudents: profile.location.travelsToStudents,
        teachesAtStudio: profile.location.teachesAtStudio,
        teachesOnline: profile.location.teachesOnline,
        studioAddress: profile.location.studioAddress,
      },
    });
  }

  const toggle = (list: string[], value: string, set: (v: string[]) => void) =>
    set(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <StepSection id="profile" title="Profile" description="What students see first.">
      <PhotoUpload profile={profile} />
      <form ref={formRef} onSubmit={onSubmit} onChange={edits.onChange} noValidate className="mt-6 max-w-xl space-y-4">
        {save.isError && <FormAlert error={save.error} fields={Object.keys(errors).filter((f) => !f.startsWith('location'))} />}
        {save.isSuccess && <Saved>Your profile was saved.</Saved>}
        <TextField label="Display name" name="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <TextField label="Headline" name="headline" maxLength={100} hint="One line, e.g. “Patient piano teacher for all ages”." value={headline} onChange={(e) => setHeadline(e.target.value)} error={errors.headline} />
        <div>
          <label htmlFor={bioId} className="block text-sm font-semibold text-slate-800">
            Bio
          </label>
          <p id={`${bioId}-hint`} className="mt-1 text-sm text-slate-600">
            At least 50 characters to publish ({bio.trim().length} so far).
          </p>
          <textarea
            id={bioId}
            name="bio"
            rows={5}
            maxLength={5000}
            value={bio}
            onChange={(e) => setBio(e.target.value)}
            aria-invalid={errors.bio ? true : undefined}
            aria-describedby={`${bioId}-hint${errors.bio ? ` ${bioId}-error` : ''}`}
            className={`mt-1.5 ${inputClass(Boolean(errors.bio))}`}
          />
          {errors.bio && (
            <p id={`${bioId}-error`} className="mt-1.5 text-sm font-medium text-red-700">
              {fieldMessage('Bio', errors.bio)}
            </p>
          )}
        </div>
        <TextField label="Years of experience" name="yearsExperience" type="number" min={0} max={80} inputMode="numeric" value={years} onChange={(e) => setYears(e.target.value)} error={errors.yearsExperience} className="max-w-40" />
        <LanguageChooser
          value={languages}
          onChange={(codes) => {
            edits.markEdited();
            setLanguages(codes);
          }}
          error={errors.languages}
        />
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Age groups you teach</legend>
          <div className="mt-1.5 flex flex-wrap gap-4">
            {AGE_GROUPS.map((g) => (
              <label key={g} className="flex items-center gap-2 capitalize">
                <input type="checkbox" checked={ageGroups.includes(g)} onChange={() => toggle(ageGroups, g, setAgeGroups)} />
                {g}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Levels you teach</legend>
          <div className="mt-1.5 flex flex-wrap gap-4">
            {LEVELS.map((l) => (
              <label key={l} className="flex items-center gap-2 capitalize">
                <input type="checkbox" checked={levels.includes(l)} onChange={() => toggle(levels, l, setLevels)} />
                {l}
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitButton pending={save.isPending} pendingLabel="Saving…">
          Save profile
        </SubmitButton>
      </form>
    </StepSection>
  );
}

function PhotoUpload({ profile }: { profile: OwnProfile }) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const [preview, setPreview] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: uploadPhoto,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey }),
  });

  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview);
  }, [preview]);

  const shown = preview ?? profile.photo?.medium ?? null;

  return (
    <div className="flex flex-wrap items-center gap-5">
      <div className="grid h-28 w-28 place-items-center overflow-hidden rounded-full bg-slate-100 text-sm text-slate-500">
        {shown ? <img src={shown} alt="Your profile photo" className="h-full w-full object-cover" /> : 'No photo'}
      </div>
      <div className="space-y-2">
        <label htmlFor={inputId} className="block text-sm font-semibold text-slate-800">
          Profile photo
        </label>
        <input
          id={inputId}
          type="file"
          name="photo"
          accept="image/jpeg,image/png,image/webp"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setPreview(URL.createObjectURL(file));
            upload.mutate(file);
          }}
          className="block text-sm"
        />
        {upload.isPending && <p role="status" className="text-sm text-slate-600">Uploading…</p>}
        {upload.isSuccess && <Saved>Photo uploaded.</Saved>}
        {upload.isError && <FormAlert error={upload.error} />}
      </div>
    </div>
  );
}
