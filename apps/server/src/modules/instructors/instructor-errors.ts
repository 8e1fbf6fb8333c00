import { DomainError, type FieldError } from '../../platform/errors.ts';
import type { ChecklistItem } from './onboarding.policy.ts';

/** Refusals shared by the instructor services. */

/** One problem: its reason is the whole message; several: each prefixed with its field. */
export function validationError(errors: FieldError[]): DomainError {
  const message = errors.length === 1 ? errors[0]!.reason : errors.map((error) => `${error.field}: ${error.reason}`).join('; ');
  return new DomainError('validation_failed', message, { errors });
}

/**
 * A published profile stays complete: a change that would leave it without what publishing
 * required is refused (students may be looking at it), rather than silently unpublishing.
 */
export function refuseIfPublishedWouldBreak(profile: { status: string } | undefined, items: ChecklistItem[], names: ChecklistItem['item'][]): void {
  if (profile?.status !== 'published') return;
  const broken = items.filter((item) => names.includes(item.item) && item.required && item.status !== 'complete');
  if (broken.length === 0) return;
  throw new DomainError(
    'conflict',
    `Your profile is published, and this change would leave it incomplete: ${broken.map((item) => item.detail).join(' ')} Unpublish it first, or keep it complete.`,
    { checklist: broken },
  );
}
