import { describe, expect, it } from 'vitest';
import { payoutStatus, requirementSentence, requirementSentences } from './payout-status.policy.ts';

const account = (fields: Partial<Parameters<typeof payoutStatus>[0] & object> = {}) => ({
  chargesEnabled: false,
  payoutsEnabled: false,
  detailsSubmitted: false,
  currentlyDue: [] as string[],
  pastDue: [] as string[],
  pendingVerification: [] as string[],
  disabledReason: null as string | null,
  ...fields,
});

describe('payout status', () => {
  it('is not started without an account', () => {
    expect(payoutStatus(null)).toBe('not_started');
  });

  it('needs details while requirements are due or nothing was submitted', () => {
    expect(payoutStatus(account({ currentlyDue: ['external_account'], disabledReason: 'requirements.past_due' }))).toBe('details_needed');
    expect(payoutStatus(account({ detailsSubmitted: true, pastDue: ['individual.verification.document'] }))).toBe('details_needed');
    expect(payoutStatus(account())).toBe('details_needed');
  });

  it('waits for verification when everything was given', () => {
    expect(payoutStatus(account({ detailsSubmitted: true, pendingVerification: ['individual.id_number'], disabledReason: 'requirements.pending_verification' }))).toBe('pending_verification');
  });

  it('is enabled when charges and payouts are', () => {
    expect(payoutStatus(account({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true }))).toBe('enabled');
    expect(payoutStatus(account({ chargesEnabled: true, payoutsEnabled: false, detailsSubmitted: true }))).toBe('pending_verification');
  });

  it('is restricted when the provider rejected or paused the account', () => {
    for (const reason of ['rejected.fraud', 'rejected.terms_of_service', 'listed', 'platform_paused', 'under_review', 'other']) {
      expect(payoutStatus(account({ detailsSubmitted: true, disabledReason: reason, currentlyDue: ['external_account'] }))).toBe('restricted');
    }
  });
});

describe('requirements in plain words', () => {
  it('names each known requirement', () => {
    expect(requirementSentence('external_account')).toBe('Add the bank account your payouts go to.');
    expect(requirementSentence('individual.verification.document')).toMatch(/government-issued ID/);
    expect(requirementSentence('individual.dob.year')).toBe('Enter your date of birth.');
    expect(requirementSentence('tos_acceptance.ip')).toBe('Accept Stripe’s services agreement.');
  });

  it('reads an unknown requirement without dots', () => {
    expect(requirementSentence('individual.political_exposure')).toBe('Provide your individual political exposure.');
  });

  it('lists overdue items first, each sentence once', () => {
    expect(
      requirementSentences({ pastDue: ['external_account'], currentlyDue: ['individual.address.city', 'individual.address.line1', 'external_account'] }),
    ).toEqual(['Add the bank account your payouts go to.', 'Enter your home address.']);
    expect(requirementSentences(null)).toEqual([]);
  });
});

