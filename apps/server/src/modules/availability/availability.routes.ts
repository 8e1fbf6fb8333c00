import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import { ULID_PATTERN } from '../../platform/ids.ts';
import {
  BOOKING_BUFFER_STEP_MINUTES,
  MAX_BLACKOUT_LIST_DAYS,
  MAX_BOOKING_BUFFER_MINUTES,
  MIN_BOOKING_BUFFER_MINUTES,
  MAX_BLACKOUT_RANGE_DAYS,
  MAX_BLACKOUT_REASON_LENGTH,
  MAX_TEMPLATE_APPLY_WEEKS,
  WEEKDAYS,
  type Weekday,
} from './availability.policy.ts';
import type { AvailabilityService, WeekView } from './availability.service.ts';
import { isCalendarDate } from './day-cells.ts';
import type { SlotsService } from './slots.service.ts';

const ENCODING =
  'Bitmaps are hexadecimal, one digit per hour of the New York day, its 4 bits the quarter-hours :00 :15 :30 :45 ' +
  '(1 = available): "000000000FFFFFFFF0000000" is 09:00–17:00. A day has 24 digits, 23 when clocks spring forward ' +
  'and 25 when they fall back; digit k always starts k hours after midnight.';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23')
  .refine(isCalendarDate, 'must be a calendar date between 2000-01-01 and 2099-12-31');

const ulid = (what: string) => z.string().regex(ULID_PATTERN, `must be ${what} id`);

const dayCells = z.string().regex(/^[0-9A-Fa-f]{23,25}$/, 'must be 23–25 hexadecimal digits (one per hour of the day)');
const templateDayCells = z.string().regex(/^[0-9A-Fa-f]{24}$/, 'must be 24 hexadecimal digits (one per hour, 4 quarter-hours each)');

const DaySchema = z
  .object({
    date: z.string().describe('New York date, YYYY-MM-DD'),
    cellCount: z.number().int().describe('Quarter-hours in this day: 96, or 92 / 100 on clock-change days'),
    cells: z.string().describe('The bitmap (see the encoding above)'),
  })
  .meta({ id: 'AvailabilityDay' });

const BlackoutSchema = z
  .object({ date: z.string().describe('New York date, YYYY-MM-DD'), reason: z.string().nullable() })
  .meta({ id: 'AvailabilityBlackout' });

const WeekSchema = z
  .object({
    weekStart: z.string().describe('The Monday that starts the week'),
    timeZone: z.string().describe('Always America/New_York'),
    days: z.array(DaySchema).describe('Monday to Sunday'),
    blackouts: z.array(BlackoutSchema).describe('Dates of this week with nothing bookable, whatever the bitmap says'),
    etag: z.string().describe('Same as the ETag header; send it as If-Match to change the week'),
  })
  .meta({ id: 'AvailabilityWeek' });

const WeekdayCells = z.object(
  Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, templateDayCells])) as Record<Weekday, typeof templateDayCells>,
);

const TemplateSchema = z
  .object({
    timeZone: z.string(),
    days: z.object(Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, z.string()])) as Record<Weekday, z.ZodString>),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'AvailabilityTemplate' });

const SlotsSchema = z
  .object({
    timeZone: z.string(),
    durationMinutes: z.number().int(),
    slots: z
      .array(z.object({ start: z.string().describe('ISO-8601 UTC'), end: z.string().describe('ISO-8601 UTC') }))
      .describe('Ascending'),
  })
  .meta({ id: 'BookableSlots' });

const BlackoutsSchema = z
  .object({
    from: z.string().describe('First New York date of the range'),
    to: z.string().describe('Last New York date of the range (included)'),
    timeZone: z.string().describe('Always America/New_York'),
    blackouts: z.array(BlackoutSchema).describe('Blocked dates of the range, ascending'),
  })
  .meta({ id: 'AvailabilityBlackouts' });

const BlackoutsChangedSchema = BlackoutsSchema.extend({
  weeks: z
    .array(z.object({ weekStart: z.string(), etag: z.string() }))
    .describe('The weeks the range touches, each with its new ETag (older ETags of these weeks now get 412)'),
}).meta({ id: 'AvailabilityBlackoutsChanged' });

const BufferSchema = z
  .object({
    bufferMinutes: z.number().int().describe('Kept free after each lesson: no lesson may start sooner after it'),
    minMinutes: z.number().int(),
    maxMinutes: z.number().int(),
    stepMinutes: z.number().int().describe('The buffer is a multiple of this'),
  })
  .meta({ id: 'AvailabilityBuffer' });

const weekQuery = z.object({ weekStart: isoDate.describe('A Monday (weeks start on Monday), New York date') });

export function availabilityRoutes(availability: AvailabilityService, slots: SlotsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me/availability',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'One week of your availability, with its ETag',
          description: ENCODING,
          querystring: weekQuery,
          response: { 200: WeekSchema },
        },
      },
      async (request, reply) => {
        const week = await availability.getWeek(request.principal, request.query.weekStart);
        return reply.header('ETag', week.etag).header('Cache-Control', 'private, no-cache').send(week);
      },
    );

    app.put(
      '/me/availability',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Replace one week of your availability (If-Match required)',
          description:
            `${ENCODING} The body replaces the whole week: all 7 dates, and the week's blackout dates (an empty list removes them). ` +
            'If-Match must carry the ETag of your last read: without it 428; if the week changed since, 412 with the ' +
            'current week in `current` (and its ETag in the header), so the edit can be redone on top of it.',
          querystring: weekQuery,
          headers: z.looseObject({ 'if-match': z.string().max(500).optional().describe('The ETag from your last read of this week') }),
          body: z.object({
            days: z
              .array(z.object({ date: isoDate, cells: dayCells }))
              .max(7)
              .describe('Each date of the week once'),
            blackouts: z
              .array(z.object({ date: isoDate, reason: z.string().trim().max(MAX_BLACKOUT_REASON_LENGTH).nullish() }))
              .max(7)
              .describe('Dates of this week to block entirely (vacation, holidays)'),
          }),
          response: { 200: WeekSchema },
        },
      },
      async (request, reply) => {
        try {
          const week = await availability.putWeek(request.principal, request.query.weekStart, request.headers['if-match'], request.body);
          return reply.header('ETag', week.etag).send(week);
        } catch (error) {
          // A stale write answers with the current week; its ETag goes in the header too.
          if (error instanceof DomainError && error.code === 'precondition_failed')
            reply.header('ETag', (error.details.current as WeekView).etag);
          throw error;
        }
      },
    );

    app.get(
      '/me/availability/buffer',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'The time you keep free after each lesson',
          description: `Your buffer in minutes (${MIN_BOOKING_BUFFER_MINUTES}–${MAX_BOOKING_BUFFER_MINUTES}, steps of ${BOOKING_BUFFER_STEP_MINUTES}; 15 until you change it).`,
          response: { 200: BufferSchema },
        },
      },
      async (request) => availability.getBuffer(request.principal),
    );

    app.put(
      '/me/availability/buffer',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Change the time you keep free after each lesson',
          description:
            'Applies to the times offered from now on (open slots, search): lessons already booked keep the buffer they were booked with. ' +
            `400 naming body.bufferMinutes unless ${MIN_BOOKING_BUFFER_MINUTES}–${MAX_BOOKING_BUFFER_MINUTES} in steps of ${BOOKING_BUFFER_STEP_MINUTES}.`,
          body: z.object({
            bufferMinutes: z
              .number()
              .int()
              .min(MIN_BOOKING_BUFFER_MINUTES)
              .max(MAX_BOOKING_BUFFER_MINUTES)
              .describe(`Minutes, a multiple of ${BOOKING_BUFFER_STEP_MINUTES}`),
          }),
          response: { 200: BufferSchema },
        },
      },
      async (request) => availability.putBuffer(request.principal, request.body),
    );

    app.get(
      '/me/availability/template',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Your recurring weekly template',
          description: 'One normal day (24 hexadecimal digits) per weekday; all zeros until you save one.',
          response: { 200: TemplateSchema },
        },
      },
      async (request) => availability.getTemplate(request.principal),
    );

    app.put(
      '/me/availability/template',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Save your recurring weekly template',
          description:
            'Changes no dates by itself: apply it to weeks with POST /me/availability/template/apply. It is laid on dates by ' +
            'wall-clock time: on the spring-forward day 02:00–03:00 does not exist and is skipped; on the fall-back day ' +
            '01:00–02:00 happens twice and both take the template’s 01:00–02:00.',
          body: z.object({ days: WeekdayCells }),
          response: { 200: TemplateSchema },
        },
      },
      async (request) => availability.putTemplate(request.principal, request.body),
    );

    app.post(
      '/me/availability/template/apply',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Apply your weekly template to a range of weeks',
          description:
            `Overwrites the days of \`weeks\` weeks (1–${MAX_TEMPLATE_APPLY_WEEKS}) from the Monday \`fromWeek\` with the template; ` +
            'blackout dates stay. Every week gets a new ETag. 409 when no template was saved yet.',
          body: z.object({
            fromWeek: isoDate.describe('A Monday'),
            weeks: z.number().int().min(1).max(MAX_TEMPLATE_APPLY_WEEKS),
          }),
          response: {
            200: z
              .object({ weeks: z.array(z.object({ weekStart: z.string(), etag: z.string() })) })
              .meta({ id: 'AvailabilityTemplateApplied' }),
          },
        },
      },
      async (request) => availability.applyTemplate(request.principal, request.body),
    );

    app.get(
      '/me/availability/blackouts',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Your blackout dates (days off) in a range',
          description:
            'Dates with nothing bookable, whatever the weekly bitmaps say, from `from` (default: today in New York) to `to` ' +
            `(default: ${MAX_BLACKOUT_LIST_DAYS - 1} days after \`from\`), both included, at most ${MAX_BLACKOUT_LIST_DAYS} dates; ascending.`,
          querystring: z.object({
            from: isoDate.optional().describe('First New York date (default: today)'),
            to: isoDate.optional().describe(`Last New York date, included (default: from + ${MAX_BLACKOUT_LIST_DAYS - 1} days)`),
          }),
          response: { 200: BlackoutsSchema },
        },
      },
      async (request) => availability.listBlackouts(request.principal, request.query),
    );

    app.post(
      '/me/availability/blackouts',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Block a range of dates (vacation, holidays)',
          description:
            `Blocks every date from \`from\` to \`to\`, both included (at most ${MAX_BLACKOUT_RANGE_DAYS} dates; \`from\` today or later ` +
            'in New York). A date already blocked stays blocked once and takes the new reason (none when omitted). Every week ' +
            'the range touches gets a new ETag, so an editor holding an older one gets 412 rather than undoing the blackout. ' +
            'Answers with the blackouts of the range and the new ETags.',
          body: z.object({
            from: isoDate.describe('First New York date to block'),
            to: isoDate.describe('Last New York date to block (included)'),
            reason: z.string().trim().max(MAX_BLACKOUT_REASON_LENGTH).nullish().describe('Shown only to you, e.g. "Vacation"'),
          }),
          response: { 200: BlackoutsChangedSchema },
        },
      },
      async (request) => availability.addBlackouts(request.principal, request.body),
    );

    app.delete(
      '/me/availability/blackouts/:date',
      {
        config: { access: 'availability:manage_own' },
        schema: {
          tags: ['availability'],
          summary: 'Unblock a date, or a range of dates',
          description:
            `Removes the blackout of that New York date, or with \`to\` of every date from it to \`to\` (both included, at most ` +
            `${MAX_BLACKOUT_RANGE_DAYS} dates), in one step: 404 when none was blocked. The weeks touched get new ETags.`,
          params: z.object({ date: isoDate.describe('The (first) blocked New York date, YYYY-MM-DD') }),
          querystring: z.object({ to: isoDate.optional().describe('Last New York date to unblock (included); default: the date alone') }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await availability.removeBlackouts(request.principal, request.params.date, request.query.to);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/instructors/:id/slots',
      {
        config: { access: 'public', anonymous: true },
        schema: {
          tags: ['availability'],
          summary: "An instructor's bookable start times for a lesson",
          description:
            'Starts every 15 minutes at which the whole lesson fits in the instructor’s availability, outside blackout dates, ' +
            'at least 15 minutes from any other lesson and at least 2 hours from now. `from` and `to` are New York dates, both ' +
            'included, at most 8 weeks (56 days) apart; a lesson starting on `to` may end after midnight. Only what the ' +
            'instructor really sells: 404 unless the instructor is published and approved, 404 when they do not offer the ' +
            'service, 400 on `query.durationMinutes` (listing the lengths they price) when they do not price that length.',
          params: z.object({ id: ulid('an instructor') }),
          querystring: z.object({
            serviceId: ulid('a service'),
            durationMinutes: z.coerce.number().int().positive().describe('One of the lesson lengths the instructor prices for this service'),
            from: isoDate,
            to: isoDate,
          }),
          response: { 200: SlotsSchema },
        },
      },
      async (request) => slots.bookableSlots({ instructorId: request.params.id, ...request.query }),
    );
  };
}
