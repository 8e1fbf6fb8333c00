import { describe, expect, it } from 'vitest';
import { TEST_CARDS, brandOf, cardFacts, luhnValid, testCardForShortcut } from './cards.ts';

describe('test cards', () => {
  it('are all valid numbers with a brand', () => {
    for (const card of TEST_CARDS) {
      expect(luhnValid(card.number), card.number).toBe(true);
      expect(brandOf(card.number)).not.toBe('unknown');
    }
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('give the same fingerprint for the same number and never carry the number', () => {
    const facts = cardFacts('4000002500003155');
    expect(facts).toMatchObject({ brand: 'visa', last4: '3155', behaviour: 'authentication_unless_set_up' });
    expect(cardFacts('4000002500003155').fingerprint).toBe(facts.fingerprint);
    expect(cardFacts('4242424242424242').fingerprint).not.toBe(facts.fingerprint);
    expect(JSON.stringify(facts)).not.toContain('4000002500003155');
  });

  it('map the pm_card_ shortcuts of integrations.md §1.7', () => {
    expect(testCardForShortcut('pm_card_visa')?.number).toBe('4242424242424242');
    expect(testCardForShortcut('pm_card_visa_chargeDeclined')?.behaviour).toBe('declined_generic');
    expect(testCardForShortcut('pm_card_visa_chargeDeclinedInsufficientFunds')?.behaviour).toBe('declined_insufficient_funds');
    expect(testCardForShortcut('pm_card_authenticationRequiredOnSetup')?.number).toBe('4000002500003155');
    expect(testCardForShortcut('pm_card_authenticationRequired')?.number).toBe('4000002760003184');
    expect(testCardForShortcut('pm_card_threeDSecure2Required')?.number).toBe('4000000000003220');
    expect(testCardForShortcut('pm_card_chargeCustomerFail')?.number).toBe('4000000000000341');
    expect(testCardForShortcut('pm_card_nope')).toBeUndefined();
  });
});
