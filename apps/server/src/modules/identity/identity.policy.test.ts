import { describe, expect, it } from 'vitest';
import { identityErrorSentence, identityStatus, replacesState } from './identity.policy.ts';

const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, second));

describe('identity status', () => {
  it('is not started without sessions, verified once any session is, else the newest session', () => {
    expect(identityStatus([])).toEqual({ status: 'not_started', lastErrorCode: null });
    expect(identityStatus([{ status: 'requires_input', lastErrorCode: 'document_expired' }, { status: 'verified', lastErrorCode: null }])).toEqual({ status: 'verified', lastErrorCode: null });
    expect(identityStatus([{ status: 'requires_input', lastErrorCode: 'selfie_face_mismatch' }, { status: 'canceled', lastErrorCode: null }])).toEqual({
      status: 'requires_input',
      lastErrorCode: 'selfie_face_mismatch',
    });
  });
});

describe('late and same-second events', () => {
  const held = (status: 'requires_input' | 'processing' | 'verified', second: number, lastErrorCode: string | null = null) => ({ status, lastErrorCode, at: at(second) });

  it('takes a newer state and never an older one', () => {
    expect(replacesState({ status: 'requires_input', lastErrorCode: null, at: null }, held('processing', 1))).toBe(true);
    expect(replacesState(held('verified', 5), held('processing', 4))).toBe(false);
    expect(replacesState(held('requires_input', 5, 'document_expired'), held('processing', 6))).toBe(true);
  });

  it('within one second, lets the outcome win over processing whatever the delivery order', () => {
    expect(replacesState(held('processing', 5), held('verified', 5))).toBe(true);
    expect(replacesState(held('verified', 5), held('processing', 5))).toBe(false);
    expect(replacesState(held('processing', 5), held('requires_input', 5, 'document_expired'))).toBe(true);
    expect(replacesState(held('requires_input', 5, 'document_expired'), held('processing', 5))).toBe(false);
    expect(replacesState(held('processing', 5), held('requires_input', 5))).toBe(false);
  });
});

describe('identity errors in plain words', () => {
  it('explains known codes, and any other one generally', () => {
    expect(identityErrorSentence('document_expired')).toBe('Your document has expired. Try again with a valid one.');
    expect(identityErrorSentence('something_new')).toBe('The verification did not pass. Please try again.');
    expect(identityErrorSentence(null)).toBeNull();
  });
});
