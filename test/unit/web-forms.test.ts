import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, fieldLabel } from '../../apps/web/src/api/fieldErrors.ts';
import { ApiProblem, problemFromResponse } from '../../apps/web/src/api/problem.ts';
import { isPastCell, pastCutoff } from '../../apps/web/src/pages/instructor/cells.ts';
import { languageName, listLanguages } from '../../apps/web/src/lib/languages.ts';

/** The web app's pure helpers behind forms, the availability grid and the public profile. */
describe('web: problems in plain words', () => {
  const response = (status: number, statusText = '') => new Response(null, { status, statusText });

  it('replaces the API’s HTTP-status titles with plain words, keeping titles written for people', () => {
    expect(problemFromResponse({ title: 'Conflict', status: 409, code: 'conflict' }, response(409)).title).toBe('That clashes with something already saved');
    expect(problemFromResponse({ title: 'Gone', status: 410, code: 'gone' }, response(410)).title).toBe('This is no longer available');
    expect(problemFromResponse({ title: 'Bad request', status: 400, code: 'bad_request' }, response(400)).title).toBe('Something in the request isn’t right');
    expect(problemFromResponse({ title: 'Invalid email or password', status: 401, code: 'invalid_credentials' }, response(401)).title).toBe(
      'Invalid email or password',
    );
    // No body at all (a proxy's 502): a title by status, not "Bad Gateway".
    expect(problemFromResponse('', response(502, 'Bad Gateway')).title).toBe('Something went wrong on our side');
  });

  it('gives each field its reasons once, and names fields the form has no label for', () => {
    const problem = new ApiProblem({
      title: 'x',
      status: 400,
      errors: [
        { field: 'body.languages.0', reason: 'is not a language code we know' },
        { field: 'body.name', reason: 'is required' },
        { field: 'body.name', reason: 'is required' },
        { field: 'body.name', reason: 'must be at most 120 characters long' },
      ],
    });
    expect(fieldErrorsOf(problem)).toEqual({
      'languages.0': 'is not a language code we know',
      name: 'is required; must be at most 120 characters long',
    });
    expect(fieldLabel('body.location.studioAddress')).toBe('Studio address');
    expect(fieldLabel('services.0.rates.1.rateCents')).toBe('Rate cents');
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
