-- A held authorization released so that the payment timeline authorizes again (issue 11 fix 2;
-- modules/bookings/booking-changes.service.ts): a lesson moved so far later that its capture
-- would come after the card network let the hold lapse. The release is a money step of the
-- timeline like the others: written with its own idempotency key before the provider call,
-- finished with the answer; `attempt` is the authorization attempt it releases.
alter table booking_payment_steps drop constraint booking_payment_steps_step_check;
alter table booking_payment_steps
  add constraint booking_payment_steps_step_check
  check (step in ('authorize', 'release', 'capture', 'transfer', 'payment_failed_notice', 'cancel_unpaid', 'complete'));

-- A published instructor whose payout account stops paying out (issue 11 fix 5;
-- modules/instructors/payout-pause.ts): unpublished while it lasts, so search and booking stop
-- offering them, and published again when the provider enables payouts again. This records
-- that the platform, not the instructor, took the profile down (their own unpublish clears it).
alter table instructor_profiles add column paused_for_payouts_at timestamptz;
alter table instructor_profiles add constraint instructor_profiles_paused_is_draft check (paused_for_payouts_at is null or status = 'draft');
