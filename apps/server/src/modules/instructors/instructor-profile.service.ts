import type { Geocoder } from '../../integrations/geocoding/geocoding.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, notFound, type FieldError } from '../../platform/errors.ts';
import { requireProfileOwner } from './instructor-access.ts';
import { refuseIfPublishedWouldBreak, validationError } from './instructor-errors.ts';
import type { InstructorsRepository, ProfileRow } from './instructors.repository.ts';
import { profileFacts } from './instructor-views.ts';
import type { OwnProfileReader, OwnProfileView } from './own-profile-view.ts';
import {
  AGE_GROUPS,
  canonicalLanguage,
  inVocabularyOrder,
  isInNewYorkCity,
  LEVELS,
  type AgeGroup,
  type Level,
  type LocationCapabilities,
} from './profile.policy.ts';

export interface ProfileInput {
  name: string;
  headline: string;
  bio: string;
  yearsExperience: number | null;
  languages: string[];
  ageGroups: AgeGroup[];
  levels: Level[];
  location: LocationCapabilities & { studioAddress: string | null };
}

/** How long a studio address may take to geocode before we give up and say so. */
const GEOCODE_TIMEOUT_MS = 5_000;

/** The instructor's own profile: read, edit, publish (PRODUCT.md §2). */
export class InstructorProfileService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      repository: InstructorsRepository;
      reader: OwnProfileReader;
      geocoder: Geocoder;
    },
  ) {}

  async get(principal: Principal | null | undefined): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    return this.deps.reader.view(userId);
  }

  async update(principal: Principal | null | undefined, input: ProfileInput): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    const { repository, reader, db } = this.deps;
    const errors: FieldError[] = [];

    const languages: string[] = [];
    input.languages.forEach((code, index) => {
      const canonical = canonicalLanguage(code);
      if (!canonical) errors.push({ field: `body.languages.${index}`, reason: 'is not a language code we know (use ISO 639 codes such as "en", "es" or "yue")' });
      else if (!languages.includes(canonical)) languages.push(canonical);
    });

    const address = input.location.studioAddress?.trim() || null;
    if (input.location.teachesAtStudio && !address) {
      errors.push({ field: 'body.location.studioAddress', reason: 'is required when you teach at your studio' });
    }
    const current = await repository.findProfile(userId);
    const studioPoint = address ? await this.locate(address, current, errors) : null;
    if (errors.length > 0) throw validationError(errors);

    const write = {
      userId,
      displayName: input.name.trim(),
      headline: input.headline.trim(),
      bio: input.bio.trim(),
      yearsExperience: input.yearsExperience,
      languages,
      ageGroups: inVocabularyOrder(input.ageGroups, AGE_GROUPS),
      levels: inVocabularyOrder(input.levels, LEVELS),
      travelsToStudents: input.location.travelsToStudents,
      teachesAtStudio: input.location.teachesAtStudio,
      teachesOnline: input.location.teachesOnline,
      studioAddress: address,
      studioPoint,
    };

    await db.transaction().execute(async (tx) => {
      const locked = await repository.lockProfile(userId, tx);
      if (locked?.status === 'published') {
        const saved = (await repository.findProfile(userId, tx))!;
        const next: ProfileRow = { ...saved, ...write, studioLat: studioPoint?.lat ?? null, studioLng: studioPoint?.lng ?? null };
        const { checklist } = await reader.state(userId, { executor: tx, signals: false, overrides: { profile: profileFacts(next) } });
        refuseIfPublishedWouldBreak(locked, checklist.items, ['profile_complete', 'services']);
      }
      await repository.upsertProfile(write, tx);
    });
    return reader.view(userId);
  }

  /** The studio's point: reused while the address is unchanged, else geocoded and checked to be in NYC. */
  private async locate(address: string, current: ProfileRow | undefined, errors: FieldError[]): Promise<{ lat: number; lng: number } | null> {
    if (current?.studioAddress === address && current.studioLat !== null && current.studioLng !== null) {
      return { lat: current.studioLat, lng: current.studioLng };
    }
    let result: Awaited<ReturnType<Geocoder['geocode']>>;
    try {
      result = await this.deps.geocoder.geocode(address, { signal: AbortSignal.timeout(GEOCODE_TIMEOUT_MS) });
    } catch {
      throw new DomainError('service_unavailable', 'We could not look up your studio address just now. Please try again in a minute.');
    }
    if (!result) {
      errors.push({ field: 'body.location.studioAddress', reason: 'could not be found; check the street, number and ZIP code' });
      return null;
    }
    if (!isInNewYorkCity(result)) {
      errors.push({ field: 'body.location.studioAddress', reason: `is outside New York City (we found ${result.formattedAddress}); studios must be in NYC for now` });
      return null;
    }
    return { lat: result.lat, lng: result.lng };
  }

  /** Publishes when every checklist item that exists so far is complete; says what is missing otherwise. */
  async publish(principal: Principal | null | undefined): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    const { reader, repository, clock } = this.deps;
    const { profile, checklist } = await reader.state(userId);
    if (!checklist.canPublish) {
      const missing = checklist.items.filter((item) => item.required && item.status !== 'complete');
      throw new DomainError(
        'conflict',
        `Your profile is not ready to publish yet. ${missing.map((item) => item.detail).join(' ')}`,
        { checklist: missing },
      );
    }
    if (profile!.status !== 'published') await repository.setStatus(userId, 'published', clock.now());
    return reader.view(userId);
  }

  async unpublish(principal: Principal | null | undefined): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    const result = await this.deps.repository.setStatus(userId, 'draft', null);
    if (Number(result.numUpdatedRows) === 0) throw notFound('Your instructor profile');
    return this.deps.reader.view(userId);
  }
}
