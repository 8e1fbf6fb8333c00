-- A held authorization released so that the payment timeline authorizes again (issue 11 fix 2;
-- modules/bookings/booking-changes.service.ts): a lesson moved so far later that its capture
-- would come after the card network let the hold lapse. The release is a money step of the
-- timeline like the others: written with its own idempotency key before the provider call,
-- finished with the answer; `attempt` is the authorization attempt it releases.
alter table booking_payment_steps drop constraint booking_payment_steps_step_check;
alter table booking_payment_steps
  add constraint booking_payment_steps_step_check
  check (step in ('authorize', 'release', 'capture', 'transfer', 'payment_failed_notice', 'cancel_unpaid', 'complete'));
