-- An email is no longer rendered inside the transaction that queues it (milliseconds of CPU per
-- email, twice per booking, with the booking's locks held; modules/notifications/email.service.ts):
-- the row keeps its template's data, and the `notifications.send_email` job renders it, storing
-- subject, HTML and text on the row before the first send, so every retry sends the same message
-- and the row shows what was sent.
-- Rows queued before this migration are already rendered and have no data.
alter table email_messages add column data jsonb;
alter table email_messages
  alter column subject drop not null,
  alter column html drop not null,
  alter column text drop not null;
alter table email_messages
  add constraint email_messages_rendered_whole check ((subject is null) = (html is null) and (html is null) = (text is null)),
  add constraint email_messages_renderable check (html is not null or data is not null),
  add constraint email_messages_sent_rendered check (status <> 'sent' or html is not null);
