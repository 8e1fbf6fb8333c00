import { createHmac } from 'node:crypto';

/**
 * The test cards of Stripe's test mode and how each behaves. Only this behaviour, the brand,
 * the last four digits, the expiry and a fingerprint are kept: never the number.
 */
export type CardBehaviour =
  | 'succeeds'
  | 'declined_generic' // 4000000000000002
  | 'declined_insufficient_funds' // 4000000000009995
  | 'authentication_unless_set_up' // 4000002500003155
  | 'authentication_always' // 4000002760003184, 4000000000003220
  | 'authenticates_then_insufficient_funds' // 4000008260003178
  | 'attaches_charges_fail'; // 4000000000000341

export interface TestCard {
  number: string;
  shortcut?: string;
  behaviour: CardBehaviour;
  country: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', shortcut: 'pm_card_visa', behaviour: 'succeeds', country: 'US' },
  { number: '5555555555554444', shortcut: 'pm_card_mastercard', behaviour: 'succeeds', country: 'US' },
  { number: '378282246310005', shortcut: 'pm_card_amex', behaviour: 'succeeds', country: 'US' },
  { number: '4000000000000002', shortcut: 'pm_card_visa_chargeDeclined', behaviour: 'declined_generic', country: 'US' },
  { number: '4000000000009995', shortcut: 'pm_card_visa_chargeDeclinedInsufficientFunds', behaviour: 'declined_insufficient_funds', country: 'US' },
  { number: '4000002500003155', shortcut: 'pm_card_authenticationRequiredOnSetup', behaviour: 'authentication_unless_set_up', country: 'IE' },
  { number: '4000002760003184', shortcut: 'pm_card_authenticationRequired', behaviour: 'authentication_always', country: 'DE' },
  { number: '4000000000003220', shortcut: 'pm_card_threeDSecure2Required', behaviour: 'authentication_always', country: 'US' },
  { number: '4000008260003178', behaviour: 'authenticates_then_insufficient_funds', country: 'GB' },
  { number: '4000000000000341', shortcut: 'pm_card_chargeCustomerFail', behaviour: 'attaches_charges_fail', country: 'US' },
];

export interface CardFacts {
  brand: string;
  last4: string;
  fingerprint: string;
  funding: 'credit';
  country: string;
  behaviour: CardBehaviour;
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i += 1) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^6(011|5)/.test(number)) return 'discover';
  return 'unknown';
}

/** What a number tells about a card; a number outside the test table simply succeeds. */
export function cardFacts(number: string): CardFacts {
  const test = TEST_CARDS.find((card) => card.number === number);
  return {
    brand: brandOf(number),
    last4: number.slice(-4),
    // Same number → same fingerprint, as Stripe's, without keeping the number.
    fingerprint: createHmac('sha256', 'local-stripe-fingerprint').update(number).digest('base64url').slice(0, 16),
    funding: 'credit',
    country: test?.country ?? 'US',
    behaviour: test?.behaviour ?? 'succeeds',
  };
}

export function testCardForShortcut(shortcut: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.shortcut === shortcut);
}
