import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import type { InstructorPhotoService } from './instructor-photo.service.ts';
import type { InstructorProfileService } from './instructor-profile.service.ts';
import type { InstructorServicesService } from './instructor-services.service.ts';
import { OwnProfileSchema, ProfileInputSchema, ServicesInputSchema } from './instructors.schemas.ts';
import { PHOTO_MAX_BYTES, tooLarge } from './photo-processing.ts';

const HOUR = 60 * 60_000;
const PHOTO_FIELD = 'photo';

const photoRequired = () =>
  new DomainError('validation_failed', `Attach the photo as a file in the "${PHOTO_FIELD}" field.`, {
    errors: [{ field: `body.${PHOTO_FIELD}`, reason: 'is required' }],
  });

/** Multipart errors in the words of the API. */
function uploadProblem(error: unknown): unknown {
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge();
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DomainError('unsupported_media_type', `Send the photo as multipart/form-data, in a file field named "${PHOTO_FIELD}".`);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('payload_too_large', 'Send one photo per request.');
    default:
      if (error instanceof DomainError) return error;
      // Anything else busboy or the stream reports (no boundary, a malformed part header, the
      // body ending mid-file) means the upload itself is malformed.
      return new DomainError('validation_failed', 'The upload is not a well-formed multipart/form-data body.', {
        errors: [{ field: `body.${PHOTO_FIELD}`, reason: 'could not be read from a malformed multipart body' }],
      });
  }
}

/** The instructor's own profile (permission instructor_profile:manage_own). */
export function instructorProfileRoutes(deps: {
  profiles: InstructorProfileService;
  services: InstructorServicesService;
  photos: InstructorPhotoService;
}): FastifyPluginAsyncZod {
  return async (app) => {
    // Scoped to these routes: nowhere else in the API accepts multipart bodies.
    await app.register(multipart, {
      limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 100 },
      throwFileSizeLimit: true,
    });

    const access = { access: 'instructor_profile:manage_own' } as const;

    app.get(
      '/me/instructor-profile',
      {
        config: access,
        schema: {
          tags: ['instructors'],
          summary: 'Your instructor profile, with the onboarding checklist',
          description: 'Before the first save the profile is a default draft (`exists: false`) named after your account.',
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => deps.profiles.get(request.principal),
    );

    app.put(
      '/me/instructor-profile',
      {
        config: access,
        schema: {
          tags: ['instructors'],
          summary: 'Save your instructor profile (all fields)',
          description:
            'Drafts may be incomplete; the checklist says what publishing still needs. Teaching at a studio needs its address, ' +
            'which is geocoded (it must be in New York City) and never shown to students. A published profile cannot be ' +
            'saved incomplete (409): unpublish it first.',
          body: ProfileInputSchema,
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => deps.profiles.update(request.principal, request.body),
    );

    app.put(
      '/me/instructor-profile/services',
      {
        config: access,
        schema: {
          tags: ['instructors'],
          summary: 'Replace the services you teach, with lesson types and prices',
          description:
            'Each rate is the price of one lesson of that length. It must be at least the category’s hourly floor prorated ' +
            'to the length: the in-person floor when any in-person lesson type is offered, the online floor when online is. ' +
            'Lesson types must match your location settings (student_location and neutral_location: you travel to students; ' +
            'instructor_location: you teach at a studio; online: you teach online).',
          body: ServicesInputSchema,
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => deps.services.replace(request.principal, request.body),
    );

    app.post(
      '/me/instructor-profile/photo',
      {
        config: { ...access, rateLimit: [{ name: 'instructor-photo', policy: { limit: 20, periodMs: HOUR }, by: 'user' }] },
        schema: {
          tags: ['instructors'],
          summary: 'Upload your profile photo (multipart/form-data, field "photo")',
          description:
            'JPEG, PNG or WebP, judged by content; at most 10 MB (413), between 200×200 and 8000×8000 pixels and at most 40 ' +
            'megapixels (400); other files 415; 429 with Retry-After while too many photos are being processed. The photo is ' +
            'turned upright, cropped square and stored as 96, 320 and 800 pixel WebP without metadata.',
          consumes: ['multipart/form-data'],
          body: z
            .object({ [PHOTO_FIELD]: z.string().meta({ format: 'binary' }).describe('The image file') })
            // Multipart bodies are read by the handler (request.file()), so Fastify sees none: null.
            .nullish()
            .describe('multipart/form-data; the JSON form is not accepted (415)'),
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => {
        let bytes: Buffer;
        try {
          const file = await request.file();
          if (!file || file.fieldname !== PHOTO_FIELD) throw photoRequired();
          bytes = await file.toBuffer();
        } catch (error) {
          throw uploadProblem(error);
        }
        return deps.photos.upload(request.principal, bytes);
      },
    );

    app.post(
      '/me/instructor-profile/publish',
      {
        config: access,
        schema: {
          tags: ['instructors'],
          summary: 'Publish your profile once the checklist allows it',
          description: 'Answers 409 with the incomplete `checklist` items otherwise. Students see the profile once an admin has approved it too.',
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => deps.profiles.publish(request.principal),
    );

    app.post(
      '/me/instructor-profile/unpublish',
      {
        config: access,
        schema: {
          tags: ['instructors'],
          summary: 'Hide your profile from students (back to draft)',
          description:
            'Sets your profile back to draft: it leaves the directory and its public page answers 404. Approval is kept, so publishing again makes it public at once.',
          response: { 200: OwnProfileSchema },
        },
      },
      async (request) => deps.profiles.unpublish(request.principal),
    );
  };
}
