import { ApiProblem } from './problem';

/** Field name → message, from a problem's `errors` (`body.email` → `email`). */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * The field errors of a failed request, keyed by the body field they belong to, so a form
 * can put each message next to its input. Several reasons for one field are joined, once each.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiProblem)) return {};
  const result: FieldErrors = {};
  for (const { field, reason } of error.errors) {
    const name = field.replace(/^body\./, '');
    const known = result[name]?.split('; ') ?? [];
    // The same reason twice (e.g. two list items with the same mistake) is said once.
    if (!known.includes(reason)) result[name] = [...known, reason].join('; ');
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

/**
 * A readable name for a field the form has no label for: `location.studioAddress` →
 * "Studio address", `services.0.rates.1.rateCents` → "Rate cents".
 */
export function fieldLabel(field: string): string {
  const last = field.replace(/^(body|query|path)\./, '').split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? field;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
