-- A lesson ahead holding a card authorization made too early to last until its capture (end +
-- 24 h, with a 6 h margin, against the 4 days 18 h a hold lives): one asked for a move to within
-- 24 h whose move then failed or whose process died. The authorization sweep finds these and
-- gives them back (payment-timeline.policy.ts `renew_authorization`); they are rare, so the
-- index holds only them. 302400 s = 84 h = 114 h − 24 h − 6 h (EARLY_HOLD_SECONDS).
create index bookings_early_hold_idx on bookings (id)
  where status = 'confirmed' and payment_state = 'authorized' and extract(epoch from (ends_at - authorized_at)) > 302400;
