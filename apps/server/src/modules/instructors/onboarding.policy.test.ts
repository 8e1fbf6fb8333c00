import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS, onboardingChecklist, profileGaps, serviceGaps, type OnboardingFacts, type ProfileFacts } from './onboarding.policy.ts';
import type { ServiceOffer } from './pricing.policy.ts';

const completeProfile = (overrides: Partial<ProfileFacts> = {}): ProfileFacts => ({
  name: 'Maria Lopez',
  headline: 'Patient piano teacher for beginners',
  bio: 'I have taught piano in Park Slope for twelve years, mostly to kids starting out.',
  hasPhoto: true,
  languages: ['en', 'es'],
  ageGroups: ['kids'],
  levels: ['beginner'],
  travelsToStudents: false,
  teachesAtStudio: false,
  teachesOnline: true,
  hasStudioAddress: false,
  approved: false,
  ...overrides,
});

const piano = (overrides: Partial<ServiceOffer> = {}): ServiceOffer => ({
  serviceName: 'Piano',
  categoryName: 'Music',
  allowedDurations: [30, 45, 60],
  floors: { inPersonCentsPerHour: 8_000, onlineCentsPerHour: 6_000 },
  lessonTypes: ['online'],
  rates: [{ durationMinutes: 60, rateCents: 7_000 }],
  ...overrides,
});

const facts = (overrides: Partial<OnboardingFacts> = {}): OnboardingFacts => ({
  profile: completeProfile(),
  services: [piano()],
  hasUpcomingAvailability: true,
  hasServiceAreas: false,
  payouts: null,
  identity: null,
  ...overrides,
});

const item = (result: ReturnType<typeof onboardingChecklist>, name: string) => result.items.find((entry) => entry.item === name)!;

describe('onboardingChecklist', () => {
  it('lists every item, in order, and allows publishing when the required ones are complete', () => {
    const result = onboardingChecklist(facts());
    expect(result.items.map((entry) => entry.item)).toEqual([...CHECKLIST_ITEMS]);
    expect(result.canPublish).toBe(true);
    expect(result.items.filter((entry) => entry.required).map((entry) => entry.item)).toEqual(['profile_complete', 'services', 'availability']);
  });

  it('starts with nothing done', () => {
    const result = onboardingChecklist(facts({ profile: null, services: [], hasUpcomingAvailability: false, hasServiceAreas: false }));
    expect(result.canPublish).toBe(false);
    expect(item(result, 'profile_complete')).toMatchObject({ status: 'not_started', required: true });
    expect(item(result, 'services')).toMatchObject({ status: 'not_started', required: true });
    expect(item(result, 'availability')).toMatchObject({ status: 'incomplete', required: true });
    expect(item(result, 'approval')).toMatchObject({ status: 'pending', required: false });
  });

  it('requires the payout account enabled and the identity verified once their modules answer', () => {
    const ready = onboardingChecklist(facts({ payouts: 'enabled', identity: { status: 'verified', lastError: null } }));
    expect(item(ready, 'payouts')).toMatchObject({ status: 'complete', required: true, available: true });
    expect(item(ready, 'identity')).toMatchObject({ status: 'complete', required: true, available: true });
    expect(ready.canPublish).toBe(true);

    const waiting = onboardingChecklist(facts({ payouts: 'pending_verification', identity: { status: 'processing', lastError: null } }));
    expect(item(waiting, 'payouts')).toMatchObject({ status: 'pending', required: true });
    expect(item(waiting, 'identity')).toMatchObject({ status: 'pending', required: true });
    expect(waiting.canPublish).toBe(false);

    const failed = onboardingChecklist(facts({ payouts: 'details_needed', identity: { status: 'requires_input', lastError: 'Your document has expired. Try again with a valid one.' } }));
    expect(item(failed, 'payouts')).toMatchObject({ status: 'incomplete' });
    expect(item(failed, 'identity')).toMatchObject({ status: 'incomplete', detail: 'The last attempt did not pass: Your document has expired. Try again with a valid one.' });
    expect(failed.canPublish).toBe(false);

    const fresh = onboardingChecklist(facts({ payouts: 'not_started', identity: { status: 'not_started', lastError: null } }));
    expect(item(fresh, 'payouts')).toMatchObject({ status: 'not_started', required: true });
    expect(item(fresh, 'identity')).toMatchObject({ status: 'not_started', required: true });
    expect(onboardingChecklist(facts({ payouts: 'restricted', identity: { status: 'verified', lastError: null } })).canPublish).toBe(false);
  });

  it('keeps payouts, identity and background checks visible but not blocking until their flows exist', () => {
    const result = onboardingChecklist(facts());
    for (const name of ['payouts', 'identity', 'background_check']) {
      expect(item(result, name)).toMatchObject({ status: 'not_started', required: false, available: false });
      expect(item(result, name).detail).toMatch(/comes later/);
    }
  });

  it('does not block on availability or service areas while their modules are not wired', () => {
    const result = onboardingChecklist(facts({ hasUpcomingAvailability: null, hasServiceAreas: null, profile: completeProfile({ travelsToStudents: true }), services: [piano({ lessonTypes: ['student_location'], rates: [{ durationMinutes: 60, rateCents: 8_000 }] })] }));
    expect(item(result, 'availability')).toMatchObject({ status: 'not_started', required: false, available: false });
    expect(item(result, 'service_areas')).toMatchObject({ status: 'not_started', required: false, available: false });
    expect(result.canPublish).toBe(true);
  });

  it('blocks on missing availability once it is wired', () => {
    const result = onboardingChecklist(facts({ hasUpcomingAvailability: false }));
    expect(item(result, 'availability')).toMatchObject({ status: 'incomplete', required: true });
    expect(result.canPublish).toBe(false);
  });

  it('requires service areas only from instructors who travel to students', () => {
    const travelling = facts({ profile: completeProfile({ travelsToStudents: true }) });
    expect(item(onboardingChecklist(travelling), 'service_areas')).toMatchObject({ status: 'incomplete', required: true });
    expect(onboardingChecklist(travelling).canPublish).toBe(false);
    expect(onboardingChecklist({ ...travelling, hasServiceAreas: true }).canPublish).toBe(true);
    expect(item(onboardingChecklist(facts()), 'service_areas')).toMatchObject({ status: 'not_started', required: false });
  });

  it('says what the profile lacks', () => {
    const result = onboardingChecklist(facts({ profile: completeProfile({ hasPhoto: false, bio: 'Short bio.' }) }));
    expect(item(result, 'profile_complete')).toMatchObject({ status: 'incomplete' });
    expect(item(result, 'profile_complete').detail).toBe('Still needed: a bio of at least 50 characters (yours has 10); a photo.');
    expect(result.canPublish).toBe(false);
  });

  it('flags services that fell below a raised floor or use a location the instructor turned off', () => {
    const raised = onboardingChecklist(facts({ services: [piano({ floors: { inPersonCentsPerHour: 8_000, onlineCentsPerHour: 7_500 } })] }));
    expect(item(raised, 'services').status).toBe('incomplete');
    expect(item(raised, 'services').detail).toContain('Piano: A 60-minute lesson must cost at least $75.00 online');
    const studioOff = onboardingChecklist(facts({ services: [piano({ lessonTypes: ['instructor_location'], rates: [{ durationMinutes: 60, rateCents: 9_000 }] })] }));
    expect(item(studioOff, 'services').detail).toContain("Piano: lessons at your studio need the matching location setting: you don't teach at a studio");
    expect(studioOff.canPublish).toBe(false);
  });

  it('shows approval without requiring it to publish', () => {
    const approved = onboardingChecklist(facts({ profile: completeProfile({ approved: true }) }));
    expect(item(approved, 'approval')).toMatchObject({ status: 'complete', required: false });
  });
});

describe('profileGaps', () => {
  it('is empty for a complete profile and names every gap otherwise', () => {
    expect(profileGaps(completeProfile())).toEqual([]);
    expect(
      profileGaps(
        completeProfile({
          name: ' ',
          headline: '',
          bio: '',
          hasPhoto: false,
          languages: [],
          ageGroups: [],
          levels: [],
          teachesOnline: false,
        }),
      ),
    ).toEqual([
      'your name',
      'a headline',
      'a bio of at least 50 characters (yours has 0)',
      'a photo',
      'the languages you teach in',
      'the age groups you teach',
      'the levels you teach',
      'where you teach (at students’ places, at your studio or online)',
    ]);
    expect(profileGaps(completeProfile({ teachesAtStudio: true, hasStudioAddress: false }))).toEqual(['your studio’s address']);
  });

  it('counts the bio without surrounding spaces', () => {
    expect(profileGaps(completeProfile({ bio: `${'x'.repeat(49)}          ` }))).toEqual(['a bio of at least 50 characters (yours has 49)']);
    expect(profileGaps(completeProfile({ bio: 'x'.repeat(50) }))).toEqual([]);
  });
});

describe('serviceGaps', () => {
  it('needs at least one service', () => {
    expect(serviceGaps([], completeProfile())).toEqual(['add at least one service with its prices']);
    expect(serviceGaps([piano()], completeProfile())).toEqual([]);
  });
});
