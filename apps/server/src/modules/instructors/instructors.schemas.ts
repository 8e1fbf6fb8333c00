import { z } from 'zod';
import { LESSON_DURATIONS } from '../catalog/catalog.policy.ts';
import { CHECKLIST_ITEMS } from './onboarding.policy.ts';
import {
  AGE_GROUPS,
  LESSON_TYPES,
  LEVELS,
  MAX_BIO_LENGTH,
  MAX_HEADLINE_LENGTH,
  MAX_LANGUAGES,
  MAX_NAME_LENGTH,
  MAX_SERVICES,
  MAX_STUDIO_ADDRESS_LENGTH,
  MAX_YEARS_EXPERIENCE,
} from './profile.policy.ts';

/** Request and response schemas of the instructor routes: validation, serialization and OpenAPI. */
export const ulidParam = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an instructor id');

const LatLng = z.object({ lat: z.number(), lng: z.number() });

export const PhotoSchema = z
  .object({
    small: z.string().describe('96×96 WebP'),
    medium: z.string().describe('320×320 WebP'),
    large: z.string().describe('800×800 WebP (smaller when the original was)'),
  })
  .describe('Signed URLs of the square photo, valid for at least 12 hours')
  .meta({ id: 'InstructorPhoto' });

const LocationInput = z.object({
  travelsToStudents: z.boolean().describe('Teaches at the student’s place (within the chosen service areas)'),
  teachesAtStudio: z.boolean().describe('Teaches at their own studio (needs studioAddress)'),
  teachesOnline: z.boolean(),
  studioAddress: z
    .string()
    .trim()
    .max(MAX_STUDIO_ADDRESS_LENGTH)
    .nullable()
    .describe('Street address of the studio, geocoded on save; never shown to students'),
});

export const ProfileInputSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(MAX_NAME_LENGTH).describe('The name students see'),
  headline: z.string().trim().max(MAX_HEADLINE_LENGTH).describe('One line under the name'),
  bio: z.string().trim().max(MAX_BIO_LENGTH).describe('At least 50 characters to publish'),
  yearsExperience: z.number().int().min(0).max(MAX_YEARS_EXPERIENCE).nullable(),
  languages: z.array(z.string().trim().max(10)).max(MAX_LANGUAGES).describe('ISO 639 codes: "en", "es", "yue"…'),
  ageGroups: z.array(z.enum(AGE_GROUPS)).max(AGE_GROUPS.length),
  levels: z.array(z.enum(LEVELS)).max(LEVELS.length),
  location: LocationInput,
});

const RateSchema = z.object({
  durationMinutes: z.literal([...LESSON_DURATIONS]).describe('Lesson length in minutes'),
  rateCents: z.number().int().positive().max(200_000, 'must be at most 200000 cents ($2,000)').describe('Price of one lesson of this length, in cents'),
});

export const ServicesInputSchema = z.object({
  services: z
    .array(
      z.object({
        serviceId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a catalog service id'),
        lessonTypes: z.array(z.enum(LESSON_TYPES)).min(1, 'choose at least one lesson type').max(LESSON_TYPES.length),
        rates: z.array(RateSchema).min(1, 'add a price for at least one lesson length').max(LESSON_DURATIONS.length),
      }),
    )
    .max(MAX_SERVICES),
});

const ChecklistItemSchema = z
  .object({
    item: z.enum(CHECKLIST_ITEMS),
    status: z.enum(['complete', 'incomplete', 'not_started', 'pending']),
    required: z.boolean().describe('Publishing waits for this item'),
    available: z.boolean().describe('False while the flow behind the item is not built yet'),
    detail: z.string(),
  })
  .meta({ id: 'OnboardingChecklistItem' });

const OwnServiceSchema = z
  .object({
    serviceId: z.string(),
    serviceSlug: z.string(),
    serviceName: z.string(),
    categorySlug: z.string(),
    categoryName: z.string(),
    active: z.boolean().describe('False when the catalog no longer offers the service'),
    lessonTypes: z.array(z.string()),
    rates: z.array(z.object({ durationMinutes: z.number().int(), rateCents: z.number().int() })),
    allowedDurations: z.array(z.number().int()),
    floors: z.object({ inPersonCentsPerHour: z.number().int(), onlineCentsPerHour: z.number().int() }),
  })
  .meta({ id: 'OwnInstructorService' });

export const OwnProfileSchema = z
  .object({
    userId: z.string(),
    exists: z.boolean().describe('False until first saved; the fields are then defaults'),
    status: z.enum(['draft', 'published']),
    name: z.string(),
    headline: z.string(),
    bio: z.string(),
    yearsExperience: z.number().int().nullable(),
    languages: z.array(z.string()),
    ageGroups: z.array(z.string()),
    levels: z.array(z.string()),
    photo: PhotoSchema.nullable(),
    location: z.object({
      travelsToStudents: z.boolean(),
      teachesAtStudio: z.boolean(),
      teachesOnline: z.boolean(),
      studioAddress: z.string().nullable(),
      studioLocation: LatLng.nullable().describe('Where the address was found (private)'),
    }),
    services: z.array(OwnServiceSchema),
    publishedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    isFounding: z.boolean(),
    foundingNumber: z.number().int().nullable(),
    checklist: z.array(ChecklistItemSchema),
    canPublish: z.boolean(),
    isPublic: z.boolean().describe('Published and approved: students can find this profile'),
  })
  .meta({ id: 'OwnInstructorProfile' });

const PublicServiceSchema = z
  .object({
    serviceId: z.string(),
    slug: z.string(),
    name: z.string(),
    categorySlug: z.string(),
    categoryName: z.string(),
    lessonTypes: z.array(z.string()),
    rates: z.array(
      z.object({
        durationMinutes: z.number().int(),
        rateCents: z.number().int().describe('Price of one lesson of this length'),
        hourlyRateCents: z.number().int().describe('The same price per hour, rounded to a cent'),
      }),
    ),
  })
  .meta({ id: 'PublicInstructorService' });

export const PublicInstructorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    bio: z.string(),
    photo: PhotoSchema.nullable(),
    yearsExperience: z.number().int().nullable(),
    languages: z.array(z.string()).describe('ISO 639 codes ("en", "es", "yue"…): the client shows their names'),
    ageGroups: z.array(z.string()).describe(`Who they teach, among ${AGE_GROUPS.join(', ')}`),
    levels: z.array(z.string()).describe(`Levels they teach, among ${LEVELS.join(', ')}`),
    isFounding: z.boolean().describe('One of the first 100 approved instructors'),
    location: z.object({
      travelsToStudents: z.boolean(),
      teachesAtStudio: z.boolean(),
      teachesOnline: z.boolean(),
      studio: z
        .object({
          approximateLocation: LatLng.describe('The studio moved by a few hundred metres, stable per instructor'),
          radiusMeters: z.number().int().describe('The studio is within this distance of the point'),
        })
        .nullable(),
      neighborhoodsServed: z.array(z.object({ code: z.string(), name: z.string(), borough: z.string() })),
    }),
    services: z.array(PublicServiceSchema),
  })
  .meta({ id: 'PublicInstructor' });

export const PublicInstructorSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    photo: PhotoSchema.nullable(),
    yearsExperience: z.number().int().nullable(),
    isFounding: z.boolean(),
    travelsToStudents: z.boolean(),
    teachesAtStudio: z.boolean(),
    teachesOnline: z.boolean(),
    services: z.array(z.object({ serviceId: z.string(), slug: z.string(), name: z.string(), fromCents: z.number().int().describe('Lowest lesson price') })),
  })
  .meta({ id: 'PublicInstructorSummary' });

export const ApprovalSchema = z
  .object({
    instructorId: z.string(),
    approvedAt: z.string(),
    isFounding: z.boolean(),
    foundingNumber: z.number().int().nullable().describe('1–100 for founding instructors'),
  })
  .meta({ id: 'InstructorApproval' });
