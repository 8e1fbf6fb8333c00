import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCatalog, type Category, type Service } from '../../api/catalog';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { SubmitButton } from '../../components/form/SubmitButton';
import { inputClass } from '../../components/form/styles';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { dollars, ownProfileQuery, saveServices, type Duration, type LessonType, type OwnProfile } from './api';
import { setupPath } from './setupSteps';
import { Saved, StepSection } from './StepSection';
import { useEditedSinceSave } from './UnsavedChanges';

type Capability = 'travelsToStudents' | 'teachesAtStudio' | 'teachesOnline';

/**
 * Lesson types and the "where you teach" setting each needs, as the API documents them for
 * PUT /me/instructor-profile/services (it refuses the others).
 */
const LESSON_TYPES: { value: LessonType; label: string; needs: Capability }[] = [
  { value: 'student_location', label: 'At the student’s place', needs: 'travelsToStudents' },
  { value: 'instructor_location', label: 'At my studio', needs: 'teachesAtStudio' },
  { value: 'online', label: 'Online', needs: 'teachesOnline' },
  { value: 'neutral_location', label: 'At a public place', needs: 'travelsToStudents' },
];

const SETTING_NAMES: Record<Capability, string> = {
  travelsToStudents: 'I travel to students',
  teachesAtStudio: 'I teach at my studio',
  teachesOnline: 'I teach online',
};

type LessonFloor = Service['floors'][number];

/** "$40 in person, $30 online": the lowest price of one lesson of a length, as the API computes it. */
function floorText(floor: LessonFloor, location: Record<Capability, boolean>): string {
  const inPerson = location.travelsToStudents || location.teachesAtStudio;
  const parts = [
    ...(inPerson || !location.teachesOnline ? [`${dollars(floor.inPersonCents)} in person`] : []),
    ...(location.teachesOnline ? [`${dollars(floor.onlineCents)} online`] : []),
  ];
  return `At least ${parts.join(', ')}`;
}

interface Offer {
  lessonTypes: LessonType[];
  /** Duration → dollars as typed. */
  prices: Record<number, string>;
}

function initialOffers(profile: OwnProfile): Record<string, Offer> {
  const offers: Record<string, Offer> = {};
  for (const s of profile.services) {
    offers[s.serviceId] = {
      lessonTypes: s.lessonTypes as LessonType[],
      prices: Object.fromEntries(s.rates.map((r) => [r.durationMinutes, (r.rateCents / 100).toString()])),
    };
  }
  return offers;
}

export function ServicesStep({ profile }: { profile: OwnProfile }) {
  const catalog = useCatalog();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [offers, setOffers] = useState<Record<string, Offer>>(() => initialOffers(profile));
  const edits = useEditedSinceSave('services');
  const save = useMutation({
    mutationFn: saveServices,
    onSuccess: (updated) => {
      edits.markSaved();
      queryClient.setQueryData(ownProfileQuery.queryKey, updated);
    },
  });
  const errors = fieldErrorsOf(save.error);
  useFocusFirstInvalid(formRef, save.error);

  const services = (catalog.data?.categories ?? []).flatMap((c) => c.services.map((s) => ({ category: c, service: s })));
  const chosenIds = Object.keys(offers);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      services: chosenIds.map((serviceId) => {
        const offer = offers[serviceId]!;
        return {
          serviceId,
          lessonTypes: offer.lessonTypes,
          rates: Object.entries(offer.prices)
            .filter(([, price]) => price.trim() !== '')
            .map(([duration, price]) => ({ durationMinutes: Number(duration) as Duration, rateCents: Math.round(Number(price) * 100) })),
        };
      }),
    });
  }

  function update(serviceId: string, patch: (offer: Offer) => Offer | null) {
    setOffers((current) => {
      const next = { ...current };
      const result = patch(current[serviceId] ?? { lessonTypes: [], prices: {} });
      if (result) next[serviceId] = result;
      else delete next[serviceId];
      return next;
    });
    if (save.isSuccess) save.reset();
  }

  return (
    <StepSection id="services" title="Services & prices" description="Choose what you teach and set a price for each lesson length.">
      {catalog.isPending && <p role="status">Loading the catalog…</p>}
      {catalog.isError && <FormAlert error={catalog.error} />}
      <form ref={formRef} onSubmit={onSubmit} onChange={edits.onChange} noValidate className="space-y-5">
        {save.isError && <FormAlert error={save.error} fields={Object.keys(errors)} />}
        {save.isSuccess && <Saved>Your services were saved.</Saved>}
        <div>
          <label htmlFor="add-service" className="block text-sm font-semibold text-slate-800">
            Add a service
          </label>
          <select
            id="add-service"
            className={`mt-1.5 max-w-sm ${inputClass(false)}`}
            value=""
            onChange={(e) => e.target.value && update(e.target.value, () => ({ lessonTypes: [], prices: {} }))}
          >
            <option value="">Choose a service…</option>
            {(catalog.data?.categories ?? []).map((c) => (
              <optgroup key={c.id} label={c.name}>
                {c.services
                  .filter((s) => !chosenIds.includes(s.id))
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        {chosenIds.map((serviceId, index) => {
          const entry = services.find((s) => s.service.id === serviceId);
          const own = profile.services.find((s) => s.serviceId === serviceId);
          return (
            <OfferEditor
              key={serviceId}
              index={index}
              name={entry?.service.name ?? own?.serviceName ?? serviceId}
              category={entry?.category}
              service={entry?.service}
              durations={entry?.service.durations ?? own?.allowedDurations ?? []}
              floors={entry?.service?.floors ?? []}
              location={profile.location}
              offer={offers[serviceId]!}
              errors={errors}
              onChange={(patch) => update(serviceId, patch)}
            />
          );
        })}
        <SubmitButton pending={save.isPending} pendingLabel="Saving…">
          Save services
        </SubmitButton>
      </form>
    </StepSection>
  );
}

function OfferEditor(props: {
  index: number;
  name: string;
  category?: Category;
  service?: Service;
  durations: number[];
  /** Per lesson length, from the catalog API (the server's pricing rule; never recomputed here). */
  floors: LessonFloor[];
  location: Record<Capability, boolean>;
  offer: Offer;
  errors: Partial<Record<string, string>>;
  onChange: (patch: (offer: Offer) => Offer | null) => void;
}) {
  const { index, name, durations, floors, location, offer, errors, onChange } = props;
  const id = useId();
  const at = `services.${index}`;
  // Offered: the types "where you teach" allows, and any chosen before a setting was turned off (to untick).
  const shownTypes = LESSON_TYPES.filter((t) => location[t.needs] || offer.lessonTypes.includes(t.value));
  const missing = LESSON_TYPES.filter((t) => !shownTypes.includes(t));
  const own = (prefix: string) =>
    Object.entries(errors)
      .filter(([field]) => field === prefix || field.startsWith(`${prefix}.`))
      .map(([, reason]) => reason)
      .join(' ');
  const typeError = own(`${at}.lessonTypes`);
  const serviceError = errors[`${at}.serviceId`] ?? errors[`${at}.rates`];

  return (
    <fieldset className="rounded-xl border border-slate-200 p-4">
      <legend className="px-1 font-semibold text-slate-900">{name}</legend>
      {serviceError && <p className="text-sm font-medium text-red-700">{serviceError}</p>}
      <fieldset aria-describedby={typeError ? `${id}-types-error` : undefined}>
        <legend className="text-sm font-semibold text-slate-800">Lesson types</legend>
        <div className="mt-1.5 flex flex-wrap gap-4">
          {shownTypes.map((t) => (
            <label key={t.value} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={offer.lessonTypes.includes(t.value)}
                onChange={() =>
                  onChange((o) => ({
                    ...o,
                    lessonTypes: o.lessonTypes.includes(t.value) ? o.lessonTypes.filter((v) => v !== t.value) : [...o.lessonTypes, t.value],
                  }))
                }
              />
              {t.label}
              {!location[t.needs] && <span className="text-red-700"> (turn on “{SETTING_NAMES[t.needs]}” or untick)</span>}
            </label>
          ))}
        </div>
        {missing.length > 0 && (
          <p className="mt-1 text-sm text-slate-600">
            {missing.map((t) => `${t.label} needs “${SETTING_NAMES[t.needs]}”`).join('; ')} in{' '}
            <Link to={setupPath('areas')} className="font-semibold text-indigo-700 underline">
              Where you teach
            </Link>
            .
          </p>
        )}
        {typeError && (
          <p id={`${id}-types-error`} className="mt-1 text-sm font-medium text-red-700">
            {typeError}
          </p>
        )}
      </fieldset>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {durations.map((minutes, j) => {
          const rateIndex = Object.keys(offer.prices)
            .filter((d) => offer.prices[Number(d)]?.trim())
            .indexOf(String(minutes));
          const error = rateIndex >= 0 ? own(`${at}.rates.${rateIndex}`) : '';
          const inputId = `${id}-rate-${j}`;
          const floor = floors.find((f) => f.durationMinutes === minutes);
          return (
            <div key={minutes}>
              <label htmlFor={inputId} className="block text-sm font-semibold text-slate-800">
                Price for {minutes} min ($)
              </label>
              <div className="mt-1.5 flex items-center gap-2">
                <input
                  id={inputId}
                  name={`${at}.rates.${minutes}`}
                  type="number"
                  min={0}
                  step="1"
                  inputMode="decimal"
                  value={offer.prices[minutes] ?? ''}
                  onChange={(e) => onChange((o) => ({ ...o, prices: { ...o.prices, [minutes]: e.target.value } }))}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${inputId}-error` : undefined}
                  className={`max-w-32 ${inputClass(Boolean(error))}`}
                />
              </div>
              {floor && <p className="mt-1 text-xs text-slate-600">{floorText(floor, location)}</p>}
              {error && (
                <p id={`${inputId}-error`} className="mt-1 text-sm font-medium text-red-700">
                  {error}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <button type="button" className="mt-3 text-sm font-semibold text-red-700 hover:underline" onClick={() => onChange(() => null)}>
        Remove {name}
      </button>
    </fieldset>
  );
}
