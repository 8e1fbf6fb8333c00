/**
 * The onboarding wizard's steps, in order. Each editing step completes one checklist item
 * (PRODUCT.md §2); the last step reviews the checklist and publishes.
 */
export const SETUP_STEPS = [
  { slug: 'profile', label: 'Profile', item: 'profile_complete' },
  // Where before what: a service's lesson types (at a studio, at the student's place, online)
  // are offered among the ways of teaching chosen here.
  { slug: 'areas', label: 'Where you teach', item: 'service_areas' },
  { slug: 'services', label: 'Services & prices', item: 'services' },
  { slug: 'availability', label: 'Availability', item: 'availability' },
  // On Stripe's pages (onboarding, Stripe Identity): the steps send the instructor there and back.
  { slug: 'payouts', label: 'Payouts', item: 'payouts' },
  { slug: 'identity', label: 'Identity', item: 'identity' },
  { slug: 'publish', label: 'Review & publish', item: null },
] as const;

export type SetupStep = (typeof SETUP_STEPS)[number];
export type SetupStepSlug = SetupStep['slug'];

export const setupPath = (slug: SetupStepSlug) => `/instructor/setup/${slug}`;

export function stepBySlug(slug: string | undefined): SetupStep | undefined {
  return SETUP_STEPS.find((step) => step.slug === slug);
}

/** Where "continue setting up" leads: the first editing step whose checklist item is not complete. */
export function firstUnfinishedStep(checklist: ReadonlyArray<{ item: string; status: string }>): SetupStep {
  const complete = new Set(checklist.filter((c) => c.status === 'complete').map((c) => c.item));
  return SETUP_STEPS.find((step) => step.item !== null && !complete.has(step.item)) ?? SETUP_STEPS[SETUP_STEPS.length - 1]!;
}

/** The wizard step that edits a checklist item, if any (the background check has none yet). */
export function stepForItem(item: string): SetupStep | undefined {
  return SETUP_STEPS.find((step) => step.item === item);
}
