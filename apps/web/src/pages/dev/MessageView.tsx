import { useId, useState } from 'react';
import type { OutboxEmail } from './mailboxQuery';

type View = 'html' | 'text';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/**
 * One email as its recipient would see it. The HTML runs in a sandboxed frame: no scripts,
 * no access to this page, but a click on a link opens it (in a new tab, as mail clients do),
 * so verification and reset links can be followed from here.
 */
export function MessageView({ message }: { message: OutboxEmail }) {
  const [view, setView] = useState<View>('html');
  const id = useId();
  const tab = (value: View, label: string) => (
    <button
      type="button"
      role="tab"
      id={`${id}-${value}-tab`}
      aria-selected={view === value}
      aria-controls={`${id}-panel`}
      onClick={() => setView(value)}
      className={`rounded-lg px-3 py-1.5 text-sm font-semibold ${view === value ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
    >
      {label}
    </button>
  );

  return (
    <article className="flex min-w-0 flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white">
      <header className="border-b border-slate-200 px-5 py-4">
        <h2 className="text-lg font-semibold text-slate-900">{message.subject}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
          <dt className="text-slate-500">From</dt>
          <dd className="truncate text-slate-800">{message.from}</dd>
          <dt className="text-slate-500">To</dt>
          <dd className="truncate text-slate-800">{message.to}</dd>
          <dt className="text-slate-500">Sent</dt>
          <dd className="text-slate-800">
            <time dateTime={message.createdAt}>{timeFormat.format(new Date(message.createdAt))}</time>
          </dd>
        </dl>
        <div role="tablist" aria-label="Show the email as" className="mt-3 flex gap-1">
          {tab('html', 'HTML')}
          {tab('text', 'Plain text')}
        </div>
      </header>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${view}-tab`} className="min-h-0 flex-1">
        {view === 'html' ? (
          <iframe
            // A new frame per message, so the previous email's scroll position never carries over.
            key={message.id}
            title={`Email: ${message.subject}`}
            srcDoc={message.html}
            sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
            className="block h-[70vh] w-full bg-white"
          />
        ) : (
          <pre className="h-[70vh] overflow-auto px-5 py-4 font-mono text-sm leading-6 whitespace-pre-wrap text-slate-800">
            {message.text}
          </pre>
        )}
      </div>
    </article>
  );
}
