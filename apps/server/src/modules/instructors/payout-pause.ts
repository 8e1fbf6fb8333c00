import type { Executor } from '../../platform/db/database.ts';

/**
 * A published instructor is one whose onboarding checklist held when they published, payouts
 * included (onboarding.policy.ts); booking refuses an instructor whose payout account cannot
 * pay out (bookings.service.ts). When the provider later disables payouts (issue 11 fix 5),
 * the profile is unpublished by the platform — search, the public profile, free slots and
 * booking all read `status` (public-visibility.ts and the search query) — and published again
 * when payouts are enabled again. Bookings already made keep their course; only new ones stop.
 * The pause is recorded (`paused_for_payouts_at`), so a profile the instructor unpublished
 * themselves is never published by this, and their own publish or unpublish ends the pause.
 * What happened, or null when the profile was not affected.
 */
export async function followPayoutAccount(executor: Executor, input: { userId: string; paysOut: boolean; now: Date }): Promise<'paused' | 'resumed' | null> {
  if (!input.paysOut) {
    const paused = await executor
      .updateTable('instructorProfiles')
      .set({ status: 'draft', publishedAt: null, pausedForPayoutsAt: input.now })
      .where('userId', '=', input.userId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return Number(paused.numUpdatedRows) > 0 ? 'paused' : null;
  }
  const resumed = await executor
    .updateTable('instructorProfiles')
    .set({ status: 'published', publishedAt: input.now, pausedForPayoutsAt: null })
    .where('userId', '=', input.userId)
    .where('status', '=', 'draft')
    .where('pausedForPayoutsAt', 'is not', null)
    .executeTakeFirst();
  return Number(resumed.numUpdatedRows) > 0 ? 'resumed' : null;
}
