import { useQuery } from '@tanstack/react-query';
import { sessionsQuery } from '../../api/account';
import { ErrorState } from '../../components/ErrorState';
import { Section } from './Section';
import { SessionItem } from './SessionItem';

/** Where the account is signed in; any other device can be signed out. */
export function SessionsSection() {
  const sessions = useQuery(sessionsQuery);

  return (
    <Section
      id="sessions"
      title="Where you’re signed in"
      description="Don’t recognise a device? Revoke it and change your password."
    >
      {sessions.isPending ? (
        <p role="status" className="text-sm text-slate-600">
          Loading your sessions…
        </p>
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} retrying={sessions.isFetching} />
      ) : (
        <ul className="divide-y divide-slate-200">
          {[...sessions.data.items]
            .sort((a, b) => Number(b.current) - Number(a.current))
            .map((session) => (
              <SessionItem key={session.id} session={session} />
            ))}
        </ul>
      )}
    </Section>
  );
}
