import type { IdentityState } from '../../integrations/payments/payments.port.ts';

/**
 * Identity verification (PRODUCT.md §2, Stripe Identity) in our words, pure. A person is
 * verified once any of their sessions is; otherwise their newest session tells where they are.
 */
export type IdentityStatus = 'not_started' | IdentityState;

export interface SessionState {
  status: IdentityState;
  lastErrorCode: string | null;
}

/**
 * How far a session got: the provider sends `processing` and its outcome in the same second,
 * and deliveries come in any order, so within one second the outcome (a failure, which comes
 * back to `requires_input` with an error, or a success) must win over `processing`.
 */
function progress(state: SessionState): number {
  if (state.status === 'verified' || state.status === 'canceled') return 3;
  if (state.status === 'requires_input' && state.lastErrorCode !== null) return 2;
  if (state.status === 'processing') return 1;
  return 0;
}

/**
 * Whether a state reported at `incomingAt` replaces the one held since `heldAt`: a newer one
 * does, an older one never (a late event); within the same second, only one as far along.
 */
export function replacesState(held: SessionState & { at: Date | null }, incoming: SessionState & { at: Date }): boolean {
  if (held.at === null) return true;
  const heldMs = held.at.getTime();
  const incomingMs = incoming.at.getTime();
  if (incomingMs !== heldMs) return incomingMs > heldMs;
  return progress(incoming) >= progress(held);
}

/** The person's status from their sessions, newest first. */
export function identityStatus(sessions: readonly SessionState[]): { status: IdentityStatus; lastErrorCode: string | null } {
  if (sessions.some((session) => session.status === 'verified')) return { status: 'verified', lastErrorCode: null };
  const newest = sessions[0];
  if (!newest) return { status: 'not_started', lastErrorCode: null };
  return { status: newest.status, lastErrorCode: newest.lastErrorCode };
}

/** Stripe Identity's failure codes (integrations.md §1.6) as the person reads them. */
const ERROR_SENTENCES: Record<string, string> = {
  abandoned: 'The verification was not finished. Start again when you have a few minutes.',
  consent_declined: 'You did not agree to the check. It is needed before students can book you.',
  country_not_supported: 'Documents from this country cannot be checked. Try another document.',
  device_not_supported: 'This device could not take the photos. Try a phone with a camera.',
  document_expired: 'Your document has expired. Try again with a valid one.',
  document_type_not_supported: 'This kind of document cannot be used. Use a driver’s license, passport or state ID.',
  document_unverified_other: 'Your document could not be verified. Try again with clear photos of a valid document.',
  id_number_insufficient_document_data: 'Your ID number could not be matched. Try again with a document.',
  id_number_mismatch: 'The ID number did not match your details. Check it and try again.',
  id_number_unverified_other: 'Your ID number could not be verified. Try again.',
  selfie_document_missing_photo: 'The document shows no photo of you. Use a photo ID.',
  selfie_face_mismatch: 'The selfie did not match the photo on your document. Try again in good light.',
  selfie_manipulated: 'The selfie could not be accepted. Take a new one with your camera.',
  selfie_unverified_other: 'The selfie could not be verified. Try again in good light.',
  under_supported_age: 'You must be an adult to teach on InstaInstru.',
};

export function identityErrorSentence(code: string | null): string | null {
  if (code === null) return null;
  return ERROR_SENTENCES[code] ?? 'The verification did not pass. Please try again.';
}
