import { pricingProblems, type ServiceOffer } from './pricing.policy.ts';
import { hasAnyCapability, lessonTypeProblem, MIN_BIO_LENGTH, type LocationCapabilities } from './profile.policy.ts';

/**
 * The onboarding checklist (PRODUCT.md §2), pure: each item's status from facts the service
 * gathers. Publishing needs every item that exists so far: a feature that is not built yet
 * (background checks; availability, service areas, payouts and identity until their modules
 * are wired) is listed with `available: false` and does not block. Approval by an admin does
 * not block publishing either: an instructor appears in public once published AND approved.
 */
export const CHECKLIST_ITEMS = [
  'profile_complete',
  'services',
  'availability',
  'service_areas',
  'payouts',
  'identity',
  'background_check',
  'approval',
] as const;
export type ChecklistItemName = (typeof CHECKLIST_ITEMS)[number];

export type ChecklistStatus = 'complete' | 'incomplete' | 'not_started' | 'pending';

export interface ChecklistItem {
  item: ChecklistItemName;
  status: ChecklistStatus;
  /** Whether publishing waits for this item. */
  required: boolean;
  /** False while the flow behind the item does not exist yet. */
  available: boolean;
  detail: string;
}

export interface ProfileFacts extends LocationCapabilities {
  name: string;
  headline: string;
  bio: string;
  hasPhoto: boolean;
  languages: readonly string[];
  ageGroups: readonly string[];
  levels: readonly string[];
  hasStudioAddress: boolean;
  approved: boolean;
}

export interface OnboardingFacts {
  /** Null before the instructor first saves anything. */
  profile: ProfileFacts | null;
  services: readonly ServiceOffer[];
  /** Null while no availability module answers (the item is then not available yet). */
  hasUpcomingAvailability: boolean | null;
  /** Null while no service-area module answers. */
  hasServiceAreas: boolean | null;
  /** Where the payout account stands (modules/payouts); null while no payouts module answers. */
  payouts: PayoutFact | null;
  /** Where the identity check stands (modules/identity); null while no identity module answers. */
  identity: IdentityFact | null;
}

export type PayoutFact = 'not_started' | 'details_needed' | 'pending_verification' | 'enabled' | 'restricted';
export interface IdentityFact {
  status: 'not_started' | 'requires_input' | 'processing' | 'verified' | 'canceled';
  /** Why the last attempt failed, in plain words. */
  lastError: string | null;
}

export interface Checklist {
  items: ChecklistItem[];
  canPublish: boolean;
}

/** What a profile still lacks, in words for the checklist ("a photo", …); empty when complete. */
export function profileGaps(profile: ProfileFacts): string[] {
  const gaps: string[] = [];
  if (profile.name.trim().length === 0) gaps.push('your name');
  if (profile.headline.trim().length === 0) gaps.push('a headline');
  const bioLength = profile.bio.trim().length;
  if (bioLength < MIN_BIO_LENGTH) gaps.push(`a bio of at least ${MIN_BIO_LENGTH} characters (yours has ${bioLength})`);
  if (!profile.hasPhoto) gaps.push('a photo');
  if (profile.languages.length === 0) gaps.push('the languages you teach in');
  if (profile.ageGroups.length === 0) gaps.push('the age groups you teach');
  if (profile.levels.length === 0) gaps.push('the levels you teach');
  if (!hasAnyCapability(profile)) gaps.push('where you teach (at students’ places, at your studio or online)');
  if (profile.teachesAtStudio && !profile.hasStudioAddress) gaps.push('your studio’s address');
  return gaps;
}

/** What is wrong with the services as saved, against today's floors and location settings. */
export function serviceGaps(services: readonly ServiceOffer[], capabilities: LocationCapabilities): string[] {
  if (services.length === 0) return ['add at least one service with its prices'];
  const gaps: string[] = [];
  for (const service of services) {
    for (const problem of pricingProblems(service)) gaps.push(`${service.serviceName}: ${problem.reason}`);
    for (const type of service.lessonTypes) {
      const problem = lessonTypeProblem(type, capabilities);
      if (problem) gaps.push(`${service.serviceName}: ${problem}`);
    }
  }
  return gaps;
}

const NO_CAPABILITIES: LocationCapabilities = { travelsToStudents: false, teachesAtStudio: false, teachesOnline: false };

function sentence(prefix: string, parts: string[]): string {
  return `${prefix} ${parts.join('; ')}.`;
}

function comingLater(item: ChecklistItemName, detail: string): ChecklistItem {
  return { item, status: 'not_started', required: false, available: false, detail };
}

export function onboardingChecklist(facts: OnboardingFacts): Checklist {
  const { profile } = facts;
  const capabilities = profile ?? NO_CAPABILITIES;
  const items: ChecklistItem[] = [];

  const gaps = profile ? profileGaps(profile) : null;
  items.push({
    item: 'profile_complete',
    status: gaps === null ? 'not_started' : gaps.length === 0 ? 'complete' : 'incomplete',
    required: true,
    available: true,
    detail:
      gaps === null
        ? 'Tell students who you are: name, headline, bio, photo, languages, age groups, levels and where you teach.'
        : gaps.length === 0
          ? 'Your profile has everything students look for.'
          : sentence('Still needed:', gaps),
  });

  const offered = serviceGaps(facts.services, capabilities);
  items.push({
    item: 'services',
    status: facts.services.length === 0 ? 'not_started' : offered.length === 0 ? 'complete' : 'incomplete',
    required: true,
    available: true,
    detail:
      facts.services.length === 0
        ? 'Add at least one service with a price for each lesson length you offer.'
        : offered.length === 0
          ? `You offer ${facts.services.length} service${facts.services.length === 1 ? '' : 's'}.`
          : sentence('To fix:', offered),
  });

  items.push(
    facts.hasUpcomingAvailability === null
      ? comingLater('availability', 'Setting your weekly availability arrives with the calendar; it will be needed before publishing.')
      : {
          item: 'availability',
          status: facts.hasUpcomingAvailability ? 'complete' : 'incomplete',
          required: true,
          available: true,
          detail: facts.hasUpcomingAvailability ? 'Students can see when you are free.' : 'Open some upcoming time in your calendar.',
        },
  );

  const travels = capabilities.travelsToStudents;
  items.push(
    facts.hasServiceAreas === null
      ? comingLater('service_areas', 'Choosing the neighborhoods you travel to arrives with the map; it will be needed when you travel to students.')
      : {
          item: 'service_areas',
          status: facts.hasServiceAreas ? 'complete' : travels ? 'incomplete' : 'not_started',
          required: travels,
          available: true,
          detail: travels
            ? facts.hasServiceAreas
              ? 'Students in your neighborhoods see that you come to them.'
              : 'Choose the neighborhoods you travel to.'
            : 'Only needed when you travel to students.',
        },
  );

  items.push(facts.payouts === null ? comingLater('payouts', 'Connecting a payout account (Stripe) comes later; it does not block publishing yet.') : payoutsItem(facts.payouts));
  items.push(facts.identity === null ? comingLater('identity', 'Identity verification (Stripe Identity) comes later; it does not block publishing yet.') : identityItem(facts.identity));
  items.push(comingLater('background_check', 'The background check (Checkr) comes later; it does not block publishing yet.'));

  const approved = profile?.approved ?? false;
  items.push({
    item: 'approval',
    status: approved ? 'complete' : 'pending',
    required: false,
    available: true,
    detail: approved
      ? 'An admin approved your profile.'
      : 'An admin reviews your profile once you publish it; you appear to students when it is published and approved.',
  });

  return { items, canPublish: items.every((item) => !item.required || item.status === 'complete') };
}

const PAYOUT_ITEMS: Record<PayoutFact, { status: ChecklistStatus; detail: string }> = {
  not_started: { status: 'not_started', detail: 'Set up payouts with Stripe so your earnings reach your bank.' },
  details_needed: { status: 'incomplete', detail: 'Stripe needs a few more details before you can be paid: continue setting up payouts.' },
  pending_verification: { status: 'pending', detail: 'Stripe is checking the details you gave; this usually takes a few minutes.' },
  enabled: { status: 'complete', detail: 'Your payout account is ready: earnings reach your bank.' },
  restricted: { status: 'incomplete', detail: 'Stripe has restricted your payout account. Open Payouts to see what it needs, or contact support.' },
};

function payoutsItem(fact: PayoutFact): ChecklistItem {
  return { item: 'payouts', required: true, available: true, ...PAYOUT_ITEMS[fact] };
}

function identityItem(fact: IdentityFact): ChecklistItem {
  const base = { item: 'identity' as const, required: true, available: true };
  switch (fact.status) {
    case 'verified':
      return { ...base, status: 'complete', detail: 'Your identity is verified.' };
    case 'processing':
      return { ...base, status: 'pending', detail: 'Stripe is checking your ID and selfie; this usually takes a minute.' };
    case 'requires_input':
      return fact.lastError
        ? { ...base, status: 'incomplete', detail: `The last attempt did not pass: ${fact.lastError}` }
        : { ...base, status: 'incomplete', detail: 'Finish verifying your identity on Stripe’s page (a photo ID and a selfie).' };
    default:
      return { ...base, status: 'not_started', detail: 'Verify your identity with a photo ID and a selfie (Stripe Identity).' };
  }
}
