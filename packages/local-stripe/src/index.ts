export { createLocalStripe, type LocalStripe, type LocalStripeClock, type LocalStripeOptions } from './local-stripe.ts';
export { signStripePayload } from './signature.ts';
export { TEST_CARDS, type TestCard, type CardBehaviour } from './cards.ts';
export type { AccountLinkInfo, OnboardingOutcome } from './resources/accounts.ts';
export { IDENTITY_ERROR_CODES, type IdentityErrorCode, type IdentityOutcome } from './resources/identity.ts';
export type { DashboardEvent, DashboardObject } from './dashboard.ts';
