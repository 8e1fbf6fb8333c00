import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { invalidField } from './booking-errors.ts';
import type { BookingsRepository } from './bookings.repository.ts';

/**
 * The student's customer at the provider, when the card they chose to pay a lesson with is one of
 * their saved cards (booking, and paying with another card): else 422 naming
 * body.paymentMethodId; 503 when the provider cannot answer. One provider call.
 */
export async function customerWithSavedCard(
  deps: { db: Db; repository: BookingsRepository; payments: PaymentsPort },
  studentId: string,
  paymentMethodId: string,
): Promise<string> {
  const customerId = await deps.repository.customerOf(deps.db, studentId);
  if (!customerId) throw notSaved();
  let saved: boolean;
  try {
    saved = await deps.payments.isSavedCard(customerId, paymentMethodId);
  } catch (error) {
    if (error instanceof PaymentError && error.kind === 'unavailable') throw paymentsUnavailable();
    throw error;
  }
  if (!saved) throw notSaved();
  return customerId;
}

export const paymentsUnavailable = () => new DomainError('service_unavailable', 'Payments are unavailable right now; please try again in a minute.');

const notSaved = () => invalidField('body.paymentMethodId', 'is not one of your saved cards');
