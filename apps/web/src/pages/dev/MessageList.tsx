import type { OutboxEmail } from './mailboxQuery';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface MessageListProps {
  messages: OutboxEmail[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}

/** The outbox, newest first: recipient, subject and when. */
export function MessageList({ messages, selectedId, onSelect }: MessageListProps) {
  if (messages.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        No emails yet. Sign up, ask for a password reset, or do anything else that sends mail, and it appears here.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white">
      {messages.map((message) => {
        const selected = message.id === selectedId;
        return (
          <li key={message.id}>
            <button
              type="button"
              onClick={() => onSelect(message.id)}
              aria-current={selected ? 'true' : undefined}
              className={`block w-full px-4 py-3 text-left hover:bg-slate-50 focus-visible:outline-offset-[-2px] ${selected ? 'bg-indigo-50 hover:bg-indigo-50' : ''}`}
            >
              <span className="block truncate text-sm font-semibold text-slate-900">{message.subject}</span>
              <span className="mt-0.5 block truncate text-sm text-slate-600">To: {message.to}</span>
              <time dateTime={message.createdAt} className="mt-0.5 block text-xs text-slate-500">
                {timeFormat.format(new Date(message.createdAt))}
              </time>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
