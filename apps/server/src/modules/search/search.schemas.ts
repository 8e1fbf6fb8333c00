import { z } from 'zod';
import { MAX_QUERY_CHARS } from './search-parse.policy.ts';

/** Request and response schemas of the search routes: validation, serialization and OpenAPI. */

const NONE = z.literal('none').describe('`none` removes this part of the parse');
const AGE_GROUPS = ['kids', 'teens', 'adults'] as const;
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
const LESSON_TYPES = ['student_location', 'instructor_location', 'online', 'in_person'] as const;
const BOROUGHS = ['Manhattan', 'Bronx', 'Brooklyn', 'Queens', 'Staten Island'] as const;
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a catalog slug').max(80);
const cents = z.coerce.number().int().min(0).max(200_000);
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');

export const SearchQuerySchema = z.object({
  q: z.string().max(MAX_QUERY_CHARS).default('').describe('What the visitor typed, in plain English (may be empty)'),
  lat: z.coerce.number().min(-90).max(90).optional().describe('The browser’s latitude (with lng), for "near me"'),
  lng: z.coerce.number().min(-180).max(180).optional().describe('The browser’s longitude (with lat)'),
  sort: z.enum(['relevance', 'price', 'distance', 'soonest']).default('relevance'),
  limit: z.coerce.number().int().min(1).max(50).default(20).describe('Results per page (1–50)'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page (same query and sort)'),
  service: z.union([NONE, slug]).optional().describe('A service slug, replacing the services understood'),
  category: z.union([NONE, slug]).optional().describe('A category slug, replacing the category understood'),
  neighborhood: z
    .union([NONE, z.string().regex(/^(MN|BX|BK|QN|SI)[0-9]{4}$/, 'must be an NTA code such as BK0602')])
    .optional()
    .describe('An NTA 2020 code, replacing the place understood'),
  borough: z.union([NONE, z.enum(BOROUGHS)]).optional().describe('A borough, replacing the place understood'),
  online: z.literal('true').optional().describe('`true`: online lessons (replaces the place understood)'),
  priceMaxCents: z.union([NONE, cents]).optional().describe('Highest price per hour, in cents'),
  priceMinCents: z.union([NONE, cents]).optional().describe('Lowest price per hour, in cents'),
  from: z.union([NONE, instant]).optional().describe('Earliest lesson start (`none` removes the time asked)'),
  to: z.union([NONE, instant]).optional().describe('Latest lesson start, exclusive (`none` removes the time asked)'),
  lessonType: z.union([NONE, z.enum(LESSON_TYPES)]).optional(),
  ageGroup: z.union([NONE, z.enum(AGE_GROUPS)]).optional(),
  level: z.union([NONE, z.enum(LEVELS)]).optional(),
});

export const ParseQuerySchema = z.object({
  q: z.string().max(MAX_QUERY_CHARS).default('').describe('What the visitor typed'),
});

const Named = z.object({ slug: z.string(), name: z.string() });

export const SearchParseSchema = z
  .object({
    services: z.array(Named),
    category: Named.nullable(),
    ageGroup: z.enum(AGE_GROUPS).nullable(),
    level: z.enum(LEVELS).nullable(),
    location: z
      .object({
        kind: z.enum(['neighborhood', 'borough', 'zip', 'near_me', 'online']),
        name: z.string(),
        neighborhoods: z.array(z.object({ code: z.string(), name: z.string() })),
        borough: z.string().nullable(),
      })
      .nullable(),
    priceMaxCents: z.number().int().nullable(),
    priceMinCents: z.number().int().nullable(),
    when: z
      .object({
        from: z.string().nullable(),
        to: z.string().nullable(),
        daysOfWeek: z.array(z.number().int().min(1).max(7)).describe('ISO weekdays, 1 = Monday'),
        dayParts: z.array(z.object({ from: z.string(), to: z.string() })).describe('New York wall-clock hours, "HH:MM"'),
      })
      .nullable(),
    lessonType: z.enum(LESSON_TYPES).nullable(),
    keywords: z.array(z.string()),
    parser: z.enum(['fast', 'llm']),
  })
  .describe('What the query was understood to ask, with the explicit filters applied: what the chips show')
  .meta({ id: 'SearchParse' });

export const ParseResponseSchema = z.object({
  parsed: SearchParseSchema,
  needsLocation: z.boolean().describe('The query says "near me" and no lat/lng was sent: ask the browser'),
});

const SearchItemSchema = z.object({
  instructor: z.object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    photoUrl: z.string().nullable().describe('Signed URL of the small (96×96) photo'),
    founding: z.boolean(),
  }),
  service: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    hourlyCents: z.number().int().describe('The 60-minute price, or prorated from the closest priced length'),
  }),
  serves: z.array(
    z.object({
      mode: z.enum(['travel', 'studio', 'online']),
      distanceMeters: z.number().nullable().describe('studio: to the asked place, rounded up to 250 m; travel: 0; else null'),
    }),
  ),
  distanceMeters: z.number().nullable().describe('To the asked place; null when no place was asked or online only'),
  nextStarts: z
    .array(z.object({ start: z.string(), durationMinutes: z.number().int() }))
    .max(3)
    .describe('The next bookable starts inside the asked time (up to 3, not overlapping)'),
});

export const SearchResponseSchema = z.object({
  parsed: SearchParseSchema,
  needsLocation: z.boolean(),
  items: z.array(SearchItemSchema),
  nextCursor: z.string().nullable(),
  relaxations: z
    .array(
      z.object({
        kind: z.enum(['nearby', 'later', 'price', 'online']),
        label: z.string().describe('"3 in Prospect Heights", "6 on Thursday", "4 up to $110", "5 online"'),
        count: z.number().int(),
        params: z.record(z.string(), z.string()).describe('Query parameters to add to the same search to get them'),
      }),
    )
    .describe('Only when the first page is empty: the same search with one constraint relaxed'),
});
