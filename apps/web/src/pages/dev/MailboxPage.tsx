import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { ErrorState } from '../../components/ErrorState';
import { outboxEmailsQuery } from './mailboxQuery';
import { MessageList } from './MessageList';
import { MessageView } from './MessageView';

/**
 * `/dev/mailbox`: the emails the local outbox "delivered" (development only; the API route
 * does not exist in production, and this page then says so). `?to=` filters by recipient and
 * `?id=` selects a message, so a mailbox view can be linked to.
 */
export function MailboxPage() {
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? '';
  const outbox = useQuery(outboxEmailsQuery(to));
  const messages = outbox.data?.items ?? [];
  const selected = messages.find((m) => m.id === params.get('id')) ?? messages[0];

  const update = (changes: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  return (
    <>
      <title>Dev mailbox · InstaInstru</title>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">Dev mailbox</h1>
          <p className="mt-1 max-w-2xl text-slate-600">
            Every email the app sent through the local outbox (used when no Resend key is configured). Links work: open
            one to verify an address or reset a password.
          </p>
        </div>
        <RecipientFilter key={to} initial={to} onApply={(value) => update({ to: value, id: undefined })} />
      </div>

      <div className="mt-6">
        {outbox.isPending ? (
          <p role="status" className="py-12 text-center text-slate-600">
            Loading the mailbox…
          </p>
        ) : outbox.isError ? (
          outbox.error instanceof ApiProblem && outbox.error.status === 404 ? (
            <p role="alert" className="rounded-2xl border border-amber-200 bg-amber-50 p-6 text-amber-900">
              The mailbox exists only in development: this server does not keep a local outbox.
            </p>
          ) : (
            <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} retrying={outbox.isFetching} />
          )
        ) : (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
            <section aria-label="Messages">
              <p className="mb-2 text-sm text-slate-600" aria-live="polite">
                {messages.length === 1 ? '1 email' : `${messages.length} emails`}
                {to ? ` to ${to}` : ''}
              </p>
              <MessageList messages={messages} selectedId={selected?.id} onSelect={(id) => update({ id })} />
            </section>
            {selected && <MessageView message={selected} />}
          </div>
        )}
      </div>
    </>
  );
}

function RecipientFilter({ initial, onApply }: { initial: string; onApply: (to: string) => void }) {
  const [value, setValue] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(value.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="flex items-end gap-2">
      <label className="text-sm font-medium text-slate-700">
        Recipient
        <input
          type="email"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="anyone"
          className="mt-1 block w-64 rounded-lg border border-slate-300 px-3 py-2 text-sm text-slate-900"
        />
      </label>
      <button type="submit" className="rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700">
        Filter
      </button>
      {initial && (
        <button
          type="button"
          onClick={() => onApply('')}
          className="rounded-lg px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-100"
        >
          Show all
        </button>
      )}
    </form>
  );
}
