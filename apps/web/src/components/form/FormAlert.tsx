import type { ReactNode } from 'react';
import { fieldLabel, fieldMessage } from '../../api/fieldErrors';
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
 * A failed submission, announced to screen readers (role="alert"): a plain-words title, the
 * problem's detail, and its trace id for support. Field errors are shown beside their fields
 * (all of them at once); this only points at them, and lists, in words, those that belong to
 * no field of the form. No sentence is said twice.
 */
export function FormAlert({ error, message, fields = [], children }: FormAlertProps) {
  const problem = error instanceof ApiProblem ? error : undefined;
  const fieldErrors = problem?.errors ?? [];
  const isPlaced = (field: string) => {
    const name = field.replace(/^body\./, '');
    return fields.some((f) => name === f || name.startsWith(`${f}.`));
  };
  const unplaced = [...new Set(fieldErrors.filter((e) => !isPlaced(e.field)).map((e) => fieldMessage(fieldLabel(e.field), e.reason)))];
  const placedCount = new Set(fieldErrors.filter((e) => isPlaced(e.field)).map((e) => e.field.replace(/^body\./, '').split('.')[0])).size;
  const title = problem?.title ?? 'Something went wrong';
  const detail =
    message ??
    (fieldErrors.length > 0
      ? placedCount > 0
        ? `See the ${placedCount === 1 ? 'message beside the field' : 'messages beside the fields'} below.`
        : undefined
      : (problem?.detail ?? (error instanceof Error ? error.message : undefined)));
  const shownDetail = typeof detail === 'string' && (detail === title || unplaced.includes(detail)) ? undefined : detail;

  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
      {shownDetail && <p className="mt-1">{shownDetail}</p>}
      {!message && unplaced.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {unplaced.map((line) => (
            <li key={line}>{line}</li>
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
