import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DevClockService } from './dev-clock.service.ts';
import type { RunDueService } from './run-due.service.ts';

/** At most a year and a day per move: further jumps are a `set`. */
const MAX_ADVANCE_MINUTES = 366 * 24 * 60;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2100-01-01T00:00:00Z');

const ClockSchema = z
  .object({
    now: z.string().describe('The marketplace clock of this process (ISO-8601 UTC)'),
    moved: z.boolean().describe('Whether it has been moved off the real time (by this API or `cli time-travel`)'),
  })
  .meta({ id: 'DevClock' });

const ClockMoveSchema = z.object({
  set: z.iso
    .datetime({ offset: true })
    .refine((value) => Date.parse(value) >= EARLIEST && Date.parse(value) < LATEST, 'must be between 2000 and 2100')
    .optional()
    .describe('Jump to this instant (ISO-8601 with Z or an offset); the only way to move back'),
  advanceMinutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_ADVANCE_MINUTES)
    .optional()
    .describe(`Move forward this many minutes (1 to ${MAX_ADVANCE_MINUTES})`),
});

const ScheduleRunSchema = z.object({
  key: z.string(),
  job: z.string(),
  firedAt: z.string().describe('The cron time this run stands for: the latest at or before now'),
  outcome: z.enum(['completed', 'failed']),
  error: z.string().optional(),
});

const RunDueSchema = z
  .object({
    now: z.string(),
    ran: z.array(ScheduleRunSchema),
    waiting: z.array(
      z.object({
        key: z.string(),
        job: z.string(),
        lastRunAt: z.string().nullable().describe('When run-due last ran it, by the marketplace clock'),
        nextAt: z.string().describe('Its next cron time after now'),
      }),
    ),
  })
  .meta({ id: 'DevRunDue' });

/** Development only (never registered in production): move the marketplace clock and run what became due. */
export function devClockRoutes(deps: { clock: DevClockService; runDue: RunDueService }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dev/clock',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'The marketplace clock of this process, and whether it has been moved',
          description: 'Development only. Everything time-driven (sweeps, the local Stripe’s expiries, token lifetimes) reads this clock.',
          response: { 200: ClockSchema },
        },
      },
      async () => deps.clock.read(),
    );

    app.post(
      '/dev/clock',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Move the marketplace clock: { set } to an instant, or { advanceMinutes } forward',
          description:
            'Development only. Exactly one of `set` (any instant between 2000 and 2100, the only way back) or `advanceMinutes` ' +
            '(forward only). Time keeps flowing from the new instant. This process only, until it restarts (`cli time-travel` ' +
            'sets the offset a start begins with). Then POST /dev/jobs/run-due runs the schedules that became due.',
          body: ClockMoveSchema,
          response: { 200: ClockSchema },
        },
      },
      async (request) => deps.clock.move(request.body),
    );

    app.post(
      '/dev/jobs/run-due',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Run every schedule that is due by the marketplace clock, once',
          description:
            'Development only. A schedule (with a job) is due when one of its cron times, in the marketplace time zone, fell after its ' +
            'last run here, or when it never ran here. Each due one runs once now, in this process (a jump of a day runs a ' +
            '5-minute sweep once, not 288 times: sweeps handle everything due by the clock). Answers what ran (with failures) and ' +
            'what waits, with its next cron time.',
          response: { 200: RunDueSchema },
        },
      },
      async () => deps.runDue.runDue(),
    );
  };
}
