import type { ReactNode } from 'react';
import { ApiProblem } from '../../api/problem';

interface FormAlertProps {
  error: unknown;
  /** Replaces the problem's own detail (e.g. a friendlier sentence for a known code). */
  message?: ReactNode;
  /** Body fields this form shows messages beside; errors on other fields are listed here. */
  fields?: readonly string[];
  children?: ReactNode;
}

/**
 * A failed submission, announced to screen readers (role="alert"): the problem's title and
 * detail, and its trace id for support. Field errors are shown beside their fields; this
 * only points at them (and lists any that belong to no field of the form).
 */
export function FormAlert({ error, message, fields = [], children }: FormAlertProps) {
  const problem = error instanceof ApiProblem ? error : undefined;
  const fieldErrors = problem?.errors ?? [];
  const unplaced = fieldErrors.filter((e) => !fields.includes(e.field.replace(/^body\./, '')));
  const title = problem?.title ?? 'Something went wrong';
  const detail =
    message ??
    (fieldErrors.length > 0 && unplaced.length === 0
      ? 'Please check the highlighted fields.'
      : fieldErrors.length > 0
        ? undefined
        : (problem?.detail ?? (error instanceof Error ? error.message : undefined)));

  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      {detail && <p className="mt-1">{detail}</p>}
      {!message && unplaced.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {unplaced.map((e) => (
            <li key={`${e.field}-${e.reason}`}>
              {e.field.replace(/^body\./, '')}: {e.reason}
            </li>
          ))}
        </ul>
      )}
      {children}
      {problem?.traceId && problem.status >= 500 && (
        <p className="mt-2 text-xs text-red-800">
          Trace ID: <code className="font-mono">{problem.traceId}</code>
        </p>
      )}
    </div>
  );
}
