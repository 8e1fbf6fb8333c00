-- Saved cards (issue 10 item 1): each paying user's customer at the payments provider. The
-- cards themselves live at the provider (card numbers never reach us); this row is how we find
-- them. One customer per user, one user per customer.
create table payment_customers (
  user_id ulid primary key references users (id) on delete cascade,
  customer_id text not null unique check (customer_id ~ '^cus_[A-Za-z0-9]+$'),
  created_at timestamptz not null
);
