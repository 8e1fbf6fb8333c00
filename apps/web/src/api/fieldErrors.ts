import { ApiProblem } from './problem';

/** Field name → message, from a problem's `errors` (`body.email` → `email`). */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * The field errors of a failed request, keyed by the body field they belong to, so a form
 * can put each message next to its input. Several reasons for one field are joined.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiProblem)) return {};
  const result: FieldErrors = {};
  for (const { field, reason } of error.errors) {
    const name = field.replace(/^body\./, '');
    result[name] = result[name] ? `${result[name]}, ${reason}` : reason;
  }
  return result;
}

/**
 * The API words reasons as the end of a sentence ("must be at least 10 characters"): put the
 * field's label in front of those. Whole sentences are kept as they are.
 */
export function fieldMessage(label: string, reason: string): string {
  return /^[a-z]/.test(reason) ? `${label} ${reason}.` : reason;
}
