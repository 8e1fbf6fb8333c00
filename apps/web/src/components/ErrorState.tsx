import { ApiProblem } from '../api/problem';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
}

/** Shows an API problem (title, detail, trace id) with a retry button. */
export function ErrorState({ error, onRetry, retrying = false }: ErrorStateProps) {
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problem?.title ?? 'Something went wrong';
  const detail = problem?.detail ?? (error instanceof Error ? error.message : undefined);

  return (
    <div role="alert" className="rounded-2xl border border-red-200 bg-red-50 p-6 text-red-900">
      <h2 className="text-lg font-semibold">{title}</h2>
      {detail && <p className="mt-1 text-sm">{detail}</p>}
      {problem?.traceId && (
        <p className="mt-3 text-xs text-red-800">
          Trace ID: <code className="rounded bg-red-100 px-1.5 py-0.5 font-mono">{problem.traceId}</code>
        </p>
      )}
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          disabled={retrying}
          className="mt-4 inline-flex items-center rounded-lg bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:cursor-wait disabled:opacity-70"
        >
          {retrying ? 'Retrying…' : 'Try again'}
        </button>
      )}
    </div>
  );
}
