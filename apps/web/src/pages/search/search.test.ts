import { describe, expect, it } from 'vitest';
import type { SearchParse } from '../../api/search';
import { buildChips, describeWhen } from './chips';
import { queryWithoutWord, searchPathFor, searchRequestFrom, withParams } from './searchUrl';

const empty: SearchParse = {
  services: [],
  category: null,
  ageGroup: null,
  level: null,
  location: null,
  priceMaxCents: null,
  priceMinCents: null,
  when: null,
  lessonType: null,
  keywords: [],
  parser: 'fast',
};

describe('the /search URL', () => {
  it('passes the query, the point, the sort and the overrides to the API, and nothing else', () => {
    const params = new URLSearchParams('q=piano&lat=40.67&lng=-73.98&sort=price&priceMaxCents=none&ageGroup=kids&utm_source=x&cursor=abc');
    expect(searchRequestFrom(params)).toEqual({ q: 'piano', lat: '40.67', lng: '-73.98', sort: 'price', priceMaxCents: 'none', ageGroup: 'kids' });
  });

  it('drops a lone latitude or longitude, the default sort and empty values', () => {
    expect(searchRequestFrom(new URLSearchParams('q=&lat=40.6&sort=relevance&level='))).toEqual({});
    expect(searchRequestFrom(new URLSearchParams('lng=-73.9&service=piano'))).toEqual({ service: 'piano' });
  });

  it('sets and deletes parameters without touching the others', () => {
    const next = withParams(new URLSearchParams('q=piano&lat=1&lng=2'), { neighborhood: 'BK0602', lat: null, lng: null });
    expect(next.toString()).toBe('q=piano&neighborhood=BK0602');
  });

  it('opens a typed query as a new search', () => {
    expect(searchPathFor('  piano in park slope under $90 ')).toBe('/search?q=piano+in+park+slope+under+%2490');
  });

  it('removes a keyword as a whole word, whatever its case, or says it cannot', () => {
    expect(queryWithoutWord('Jazz piano for jazz lovers', 'jazz')).toBe('piano for jazz lovers');
    expect(queryWithoutWord('piano with Ms. Ruiz', 'ruiz')).toBe('piano with Ms.');
    expect(queryWithoutWord('jazzy piano', 'jazz')).toBeNull();
    expect(queryWithoutWord('c++ tutor', 'c++')).toBe('tutor');
  });
});

describe('the chips of a parse', () => {
  it('shows nothing for an empty parse', () => {
    expect(buildChips(empty, '')).toEqual([]);
  });

  it('shows every part in reading order, each removable through its override', () => {
    const chips = buildChips(
      {
        ...empty,
        services: [{ slug: 'piano', name: 'Piano' }],
        category: { slug: 'music', name: 'Music' },
        ageGroup: 'kids',
        level: 'beginner',
        location: { kind: 'neighborhood', name: 'Park Slope', neighborhoods: [{ code: 'BK0602', name: 'Park Slope' }], borough: 'Brooklyn' },
        priceMinCents: 5_000,
        priceMaxCents: 9_000,
        when: { from: null, to: null, daysOfWeek: [1, 2, 3, 4, 5], dayParts: [{ from: '17:00', to: '22:00' }] },
        lessonType: 'student_location',
        keywords: ['jazz'],
      },
      'jazz piano for my kid in park slope',
    );
    expect(chips.map((c) => [c.kind, c.label, c.editor])).toEqual([
      ['Lesson', 'Piano', null],
      ['Category', 'Music', null],
      ['Age', 'Kids', 'ageGroup'],
      ['Level', 'Beginner', 'level'],
      ['Place', 'Park Slope', 'place'],
      ['Price', 'From $50/hr', 'priceMin'],
      ['Price', 'Up to $90/hr', 'priceMax'],
      ['When', 'Weekdays · evenings', null],
      ['Lesson type', 'At your place', 'lessonType'],
      ['Keyword', 'jazz', null],
    ]);
    expect(chips.find((c) => c.id === 'priceMax')?.remove).toEqual({ priceMaxCents: 'none' });
    expect(chips.find((c) => c.id === 'place')?.remove).toMatchObject({ neighborhood: 'none', lat: null, lng: null });
    expect(chips.find((c) => c.id === 'keyword-jazz')?.remove).toEqual({ q: 'piano for my kid in park slope' });
  });

  it('joins several services into one chip and cannot edit an online place', () => {
    const chips = buildChips(
      {
        ...empty,
        services: [
          { slug: 'piano', name: 'Piano' },
          { slug: 'keyboard', name: 'Keyboard' },
        ],
        location: { kind: 'online', name: 'Online', neighborhoods: [], borough: null },
      },
      'keys online',
    );
    expect(chips.map((c) => [c.label, c.editor])).toEqual([
      ['Piano or Keyboard', null],
      ['Online', null],
    ]);
  });
});

describe('the when chip', () => {
  it('names weekends, single days, parts of the day and hour limits', () => {
    expect(describeWhen({ from: null, to: null, daysOfWeek: [6, 7], dayParts: [{ from: '06:00', to: '12:00' }] })).toBe('Weekends · mornings');
    expect(describeWhen({ from: null, to: null, daysOfWeek: [2], dayParts: [{ from: '17:00', to: '24:00' }] })).toBe('Tue · after 5 PM');
    expect(describeWhen({ from: null, to: null, daysOfWeek: [], dayParts: [{ from: '00:00', to: '10:00' }] })).toBe('before 10 AM');
    expect(describeWhen({ from: null, to: null, daysOfWeek: [], dayParts: [{ from: '15:30', to: '18:00' }] })).toBe('3:30 PM–6 PM');
    expect(describeWhen({ from: null, to: null, daysOfWeek: [], dayParts: [] })).toBe('Any time');
  });

  it('names the days of a window in New York time, `to` being exclusive', () => {
    // Saturday 2026-12-05 00:00 to Monday 2026-12-07 00:00 in New York (EST, UTC−5).
    expect(describeWhen({ from: '2026-12-05T05:00:00.000Z', to: '2026-12-07T05:00:00.000Z', daysOfWeek: [], dayParts: [] })).toBe('Sat, Dec 5 – Sun, Dec 6');
    expect(describeWhen({ from: '2026-12-12T05:00:00.000Z', to: '2026-12-13T05:00:00.000Z', daysOfWeek: [], dayParts: [{ from: '17:00', to: '22:00' }] })).toBe('Sat, Dec 12 · evenings');
  });
});
