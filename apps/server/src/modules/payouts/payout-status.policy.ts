import type { PayoutAccount } from '../../integrations/payments/payments.port.ts';

/**
 * Where an instructor's payout account stands, in the words of the Payouts page and the
 * onboarding checklist (PRODUCT.md §2), from what the provider last said about it. Pure.
 */
export type PayoutStatus = 'not_started' | 'details_needed' | 'pending_verification' | 'enabled' | 'restricted';

/** Reasons the provider disables an account that no form the instructor fills will lift. */
const RESTRICTING_REASONS = ['listed', 'platform_paused', 'under_review', 'other'];

export function payoutStatus(account: Omit<PayoutAccount, 'id'> | null): PayoutStatus {
  if (!account) return 'not_started';
  if (account.payoutsEnabled && account.chargesEnabled) return 'enabled';
  const reason = account.disabledReason ?? '';
  if (reason.startsWith('rejected.') || RESTRICTING_REASONS.includes(reason)) return 'restricted';
  if (account.currentlyDue.length > 0 || account.pastDue.length > 0 || !account.detailsSubmitted) return 'details_needed';
  // Everything given, nothing enabled yet: the provider is checking what was sent.
  return 'pending_verification';
}

/**
 * Requirement names (`individual.dob.day`) as the instructor reads them. The first rule whose
 * prefix matches gives the sentence; several fields of one thing (the address) read as one.
 */
const SENTENCES: Array<[prefix: string, sentence: string]> = [
  ['external_account', 'Add the bank account your payouts go to.'],
  ['individual.verification.additional_document', 'Upload a document that shows your home address (a utility bill or bank statement).'],
  ['individual.verification.document', 'Upload a photo of your government-issued ID (driver’s license, passport or state ID).'],
  ['individual.dob', 'Enter your date of birth.'],
  ['individual.address', 'Enter your home address.'],
  ['individual.ssn_last_4', 'Enter the last 4 digits of your Social Security number.'],
  ['individual.id_number', 'Enter your full Social Security number.'],
  ['individual.first_name', 'Enter your legal first and last name.'],
  ['individual.last_name', 'Enter your legal first and last name.'],
  ['individual.email', 'Confirm your email address.'],
  ['individual.phone', 'Enter your phone number.'],
  ['business_profile.mcc', 'Say what kind of work you do (teaching lessons).'],
  ['business_profile.url', 'Add a link to your lessons (your InstaInstru profile will do).'],
  ['business_profile.product_description', 'Describe the lessons you teach.'],
  ['business_type', 'Confirm you teach as an individual.'],
  ['tos_acceptance', 'Accept Stripe’s services agreement.'],
];

export function requirementSentence(requirement: string): string {
  const rule = SENTENCES.find(([prefix]) => requirement === prefix || requirement.startsWith(`${prefix}.`));
  if (rule) return rule[1];
  // A requirement the provider added later: still named, in words rather than dots.
  return `Provide your ${requirement.replace(/[._]+/g, ' ').trim()}.`;
}

/** What the instructor must still do: overdue items first, each sentence once. */
export function requirementSentences(account: Pick<PayoutAccount, 'currentlyDue' | 'pastDue'> | null): string[] {
  if (!account) return [];
  return [...new Set([...account.pastDue, ...account.currentlyDue].map(requirementSentence))];
}

