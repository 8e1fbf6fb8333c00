import { useMutation, useQueryClient } from '@tanstack/react-query';
import { revokeSession, sessionsQuery, type AccountSession } from '../../api/account';
import { FormAlert } from '../../components/form/FormAlert';
import { dangerButtonClass } from '../../components/form/styles';
import { formatDateTime } from './format';

/** One signed-in device, with a Revoke button unless it is this one. */
export function SessionItem({ session }: { session: AccountSession }) {
  const queryClient = useQueryClient();
  const device = session.device;
  const revoke = useMutation({
    mutationFn: () => revokeSession(session.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });

  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <p className="flex flex-wrap items-center gap-2 font-semibold text-slate-900">
          {device}
          {session.current && (
            <span className="rounded-full bg-indigo-100 px-2.5 py-0.5 text-xs font-semibold text-indigo-800">
              This device
            </span>
          )}
        </p>
        <p className="mt-0.5 text-sm text-slate-600">
          IP {session.ip} · signed in {formatDateTime(session.createdAt)} · last active {formatDateTime(session.lastUsedAt)}
        </p>
        {revoke.isError && (
          <div className="mt-2">
            <FormAlert error={revoke.error} />
          </div>
        )}
      </div>
      {!session.current && (
        <button
          type="button"
          onClick={() => revoke.mutate()}
          disabled={revoke.isPending}
          className={`${dangerButtonClass} shrink-0 text-sm`}
        >
          {revoke.isPending ? 'Revoking…' : 'Revoke'}
          <span className="sr-only"> {device} session signed in {formatDateTime(session.createdAt)}</span>
        </button>
      )}
    </li>
  );
}
