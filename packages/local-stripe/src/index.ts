export { createLocalStripe, type LocalStripe, type LocalStripeClock, type LocalStripeOptions } from './local-stripe.ts';
export { signStripePayload } from './signature.ts';
export { TEST_CARDS, type TestCard, type CardBehaviour } from './cards.ts';
