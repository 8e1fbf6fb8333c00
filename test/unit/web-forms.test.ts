import { describe, expect, it } from 'vitest';
import { problemTitle } from '../../apps/web/src/api/problemTitle.ts';
import { isPastCell, pastCutoff } from '../../apps/web/src/pages/instructor/cells.ts';
import { languageName, listLanguages } from '../../apps/web/src/lib/languages.ts';

/** The web app's pure helpers behind forms, the availability grid and the public profile. */
describe('web: problems in plain words', () => {
  it('replaces the API’s HTTP-status titles with plain words, keeping titles written for people', () => {
    expect(problemTitle('conflict', 409, 'Conflict')).toBe('That clashes with something already saved');
    expect(problemTitle('gone', 410, 'Gone')).toBe('This is no longer available');
    expect(problemTitle('bad_request', 400, 'Bad request')).toBe('Something in the request isn’t right');
    expect(problemTitle('validation_failed', 400, 'Your request has invalid fields')).toBe('Some fields need a change');
    expect(problemTitle('invalid_credentials', 401, 'Invalid email or password')).toBe('Invalid email or password');
    // No problem body at all (a proxy's 502): a title by status, not "Bad Gateway".
    expect(problemTitle(undefined, 502, undefined)).toBe('Something went wrong on our side');
    expect(problemTitle(undefined, 404, 'Not Found')).toBe('We couldn’t find that');
  });
});

describe('web: the past on the availability grid', () => {
  it('closes earlier days and the quarter hours of today that have started', () => {
    // 15:07Z on 2026-11-23 is 10:07 in New York.
    const cutoff = pastCutoff('2026-11-23', new Date('2026-11-23T15:07:00Z'));
    expect(cutoff).toEqual({ today: '2026-11-23', minuteOfDay: 607 });
    expect(isPastCell('2026-11-22', 23, 3, cutoff)).toBe(true);
    expect(isPastCell('2026-11-23', 9, 3, cutoff)).toBe(true);
    expect(isPastCell('2026-11-23', 10, 0, cutoff)).toBe(true);
    expect(isPastCell('2026-11-23', 10, 1, cutoff)).toBe(false);
    expect(isPastCell('2026-11-24', 0, 0, cutoff)).toBe(false);
  });

  it('trusts the server’s date over a device clock that disagrees about it', () => {
    const cutoff = pastCutoff('2026-11-23', new Date('2026-11-16T15:07:00Z'));
    expect(cutoff).toEqual({ today: '2026-11-23', minuteOfDay: null });
    expect(isPastCell('2026-11-22', 12, 0, cutoff)).toBe(true);
    expect(isPastCell('2026-11-23', 0, 0, cutoff)).toBe(false);
  });
});

describe('web: language names', () => {
  it('shows ISO codes by their English names', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('yue')).toBe('Cantonese');
    expect(listLanguages(['en', 'ht', 'zh'])).toBe('English, Haitian Creole, and Chinese');
  });
});
