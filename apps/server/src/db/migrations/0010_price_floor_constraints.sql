-- Price floors and lesson lengths as database rules (ARCHITECTURE rule 9), on top of
-- modules/instructors/pricing.policy.ts, which checks the same before saving and explains the
-- problem field by field. A rate must be one of the service's allowed lengths and at least the
-- category's hourly floor prorated to that length, rounded up to a cent (catalog.policy.ts
-- floorForDuration), for every floor its lesson types make apply: the in-person floor when any
-- in-person lesson type is offered, the online floor when online is.
-- Checked when a rate is written or a service's lesson types change, never when the catalog
-- changes: a floor raised by the catalog sync leaves existing prices valid until the instructor
-- edits them (the sync must not fail, nor silently reprice anyone).

-- The marketplace defaults a category may override: catalog.policy.ts DEFAULT_PRICE_FLOORS
-- (price-floors.db.test.ts checks that both agree).
create function default_price_floor_cents(in_person boolean) returns integer
  language sql immutable as $$ select case when in_person then 8000 else 6000 end $$;

-- The lowest price of one lesson, or null when the service does not allow that length.
create function lesson_floor_cents(p_service_id ulid, p_lesson_types text[], p_minutes integer) returns integer
  language sql stable as $$
    select greatest(
      case when p_lesson_types && array['student_location', 'instructor_location', 'neutral_location']::text[]
        then ceil(coalesce(c.price_floor_in_person_cents, default_price_floor_cents(true)) * p_minutes / 60.0)::integer end,
      case when 'online' = any (p_lesson_types)
        then ceil(coalesce(c.price_floor_online_cents, default_price_floor_cents(false)) * p_minutes / 60.0)::integer end
    )
    from services s join categories c on c.id = s.category_id
    where s.id = p_service_id and p_minutes = any (s.durations)
  $$;

create function check_instructor_service_rate(p_instructor_id ulid, p_service_id ulid, p_minutes integer, p_rate_cents integer)
  returns void language plpgsql stable as $$
declare
  lesson_types text[];
  minimum integer;
begin
  select offered.lesson_types into lesson_types
    from instructor_services offered
    where offered.instructor_id = p_instructor_id and offered.service_id = p_service_id;
  if not found then return; end if; -- the foreign key reports it
  if not exists (select 1 from services s where s.id = p_service_id and p_minutes = any (s.durations)) then
    raise exception 'a % minute lesson is not offered for service %', p_minutes, p_service_id
      using errcode = 'check_violation', constraint = 'instructor_service_rates_allowed_duration';
  end if;
  minimum := lesson_floor_cents(p_service_id, lesson_types, p_minutes);
  if minimum is not null and p_rate_cents < minimum then
    raise exception 'a % minute lesson must cost at least % cents (it costs %)', p_minutes, minimum, p_rate_cents
      using errcode = 'check_violation', constraint = 'instructor_service_rates_price_floor';
  end if;
end $$;

create function instructor_service_rates_check() returns trigger language plpgsql as $$
begin
  perform check_instructor_service_rate(new.instructor_id, new.service_id, new.duration_minutes, new.rate_cents);
  return new;
end $$;

create trigger instructor_service_rates_floor before insert or update on instructor_service_rates
  for each row execute function instructor_service_rates_check();

-- Offering a service in person as well as online can raise its floor: its prices are checked again.
create function instructor_services_lesson_types_check() returns trigger language plpgsql as $$
declare
  rate record;
begin
  for rate in
    select * from instructor_service_rates r where r.instructor_id = new.instructor_id and r.service_id = new.service_id
  loop
    perform check_instructor_service_rate(rate.instructor_id, rate.service_id, rate.duration_minutes, rate.rate_cents);
  end loop;
  return new;
end $$;

create trigger instructor_services_lesson_types_floor after update of lesson_types on instructor_services
  for each row execute function instructor_services_lesson_types_check();
