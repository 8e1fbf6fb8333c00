import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { AvailabilitySignal, IdentitySignal, PayoutsSignal, ServiceAreaSignal } from './instructors.ports.ts';
import type { InstructorsRepository, ProfileRow, ServiceRow } from './instructors.repository.ts';
import { floorsOf, iso, offerOf, photoUrls, profileFacts, type PhotoUrls } from './instructor-views.ts';
import { onboardingChecklist, type Checklist, type ChecklistItem, type OnboardingFacts } from './onboarding.policy.ts';
import { isPublicProfile } from './public-visibility.ts';

export interface OwnServiceView {
  serviceId: string;
  serviceSlug: string;
  serviceName: string;
  categorySlug: string;
  categoryName: string;
  /** False when the catalog stopped offering the service: it is hidden from students. */
  active: boolean;
  lessonTypes: string[];
  rates: Array<{ durationMinutes: number; rateCents: number }>;
  allowedDurations: number[];
  floors: { inPersonCentsPerHour: number; onlineCentsPerHour: number };
}

export interface OwnProfileView {
  userId: string;
  /** False until the instructor first saves something: the fields are then the defaults. */
  exists: boolean;
  status: 'draft' | 'published';
  name: string;
  headline: string;
  bio: string;
  yearsExperience: number | null;
  languages: string[];
  ageGroups: string[];
  levels: string[];
  photo: PhotoUrls | null;
  location: {
    travelsToStudents: boolean;
    teachesAtStudio: boolean;
    teachesOnline: boolean;
    studioAddress: string | null;
    studioLocation: { lat: number; lng: number } | null;
  };
  services: OwnServiceView[];
  publishedAt: string | null;
  approvedAt: string | null;
  isFounding: boolean;
  foundingNumber: number | null;
  checklist: ChecklistItem[];
  canPublish: boolean;
  /** Published and approved: students can find the profile. */
  isPublic: boolean;
}

export interface OwnProfileState {
  profile: ProfileRow | undefined;
  services: ServiceRow[];
  checklist: Checklist;
}

/** Reads the caller's own profile with everything the checklist needs. */
export class OwnProfileReader {
  constructor(
    private readonly deps: {
      repository: InstructorsRepository;
      storage: StoragePort;
      availability?: AvailabilitySignal | undefined;
      serviceAreas?: ServiceAreaSignal | undefined;
      payouts?: PayoutsSignal | undefined;
      identity?: IdentitySignal | undefined;
    },
  ) {}

  /**
   * The profile, its services and the checklist. Inside a transaction pass `executor` and
   * `signals: false`: the signals may query the database on their own connection, which on
   * PGlite (one connection) would wait for the transaction forever. Without signals the
   * availability and service-area items read as "not available", so compare only the items
   * the change can affect. `overrides` evaluates a change before it is saved.
   */
  async state(
    userId: string,
    options: { executor?: Executor; signals?: boolean; overrides?: Partial<Pick<OnboardingFacts, 'profile' | 'services'>> } = {},
  ): Promise<OwnProfileState> {
    const { repository, availability, serviceAreas, payouts, identity } = this.deps;
    const signals = options.signals ?? true;
    const [profile, services, hasUpcomingAvailability, hasServiceAreas, payoutStatus, identityStatus] = await Promise.all([
      repository.findProfile(userId, options.executor),
      repository.listServices([userId], options.executor),
      signals && availability ? availability.hasUpcomingAvailability(userId) : Promise.resolve(null),
      signals && serviceAreas ? serviceAreas.hasServiceAreas(userId) : Promise.resolve(null),
      signals && payouts ? payouts.payoutStatus(userId) : Promise.resolve(null),
      signals && identity ? identity.identityStatus(userId) : Promise.resolve(null),
    ]);
    const checklist = onboardingChecklist({
      profile: profile ? profileFacts(profile) : null,
      services: services.filter((row) => row.isActive).map(offerOf),
      hasUpcomingAvailability,
      hasServiceAreas,
      payouts: payoutStatus,
      identity: identityStatus,
      ...options.overrides,
    });
    return { profile, services, checklist };
  }

  async view(userId: string): Promise<OwnProfileView> {
    const [state, account] = await Promise.all([this.state(userId), this.deps.repository.findAccountName(userId)]);
    if (!account) throw notFound('Account');
    const { profile, services, checklist } = state;
    return {
      userId,
      exists: profile !== undefined,
      status: profile?.status ?? 'draft',
      name: profile?.displayName ?? account.name,
      headline: profile?.headline ?? '',
      bio: profile?.bio ?? '',
      yearsExperience: profile?.yearsExperience ?? null,
      languages: profile?.languages ?? [],
      ageGroups: profile?.ageGroups ?? [],
      levels: profile?.levels ?? [],
      photo: await photoUrls(this.deps.storage, profile?.photoKey ?? null),
      location: {
        travelsToStudents: profile?.travelsToStudents ?? false,
        teachesAtStudio: profile?.teachesAtStudio ?? false,
        teachesOnline: profile?.teachesOnline ?? false,
        studioAddress: profile?.studioAddress ?? null,
        studioLocation: profile && profile.studioLat !== null && profile.studioLng !== null ? { lat: profile.studioLat, lng: profile.studioLng } : null,
      },
      services: services.map((row) => ({
        serviceId: row.serviceId,
        serviceSlug: row.serviceSlug,
        serviceName: row.serviceName,
        categorySlug: row.categorySlug,
        categoryName: row.categoryName,
        active: row.isActive,
        lessonTypes: row.lessonTypes,
        rates: row.rates,
        allowedDurations: row.durations,
        floors: floorsOf(row),
      })),
      publishedAt: iso(profile?.publishedAt ?? null),
      approvedAt: iso(profile?.approvedAt ?? null),
      isFounding: profile?.isFounding ?? false,
      foundingNumber: profile?.foundingNumber ?? null,
      checklist: checklist.items,
      canPublish: checklist.canPublish,
      isPublic: isPublicProfile(profile),
    };
  }
}
