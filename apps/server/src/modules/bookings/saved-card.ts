import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Db } from '../../platform/db/database.ts';
import { providerCall } from '../payments/provider-call.ts';
import { invalidField } from './booking-errors.ts';
import type { BookingsRepository } from './bookings.repository.ts';

/**
 * The student's customer at the provider, when the card they chose to pay a lesson with is one of
 * their saved cards (booking, and paying with another card): else 422 naming
 * body.paymentMethodId; 503 when the provider cannot answer (providerCall). One provider call.
 */
export async function customerWithSavedCard(
  deps: { db: Db; repository: BookingsRepository; payments: PaymentsPort },
  studentId: string,
  paymentMethodId: string,
): Promise<string> {
  const customerId = await deps.repository.customerOf(deps.db, studentId);
  if (!customerId || !(await providerCall(() => deps.payments.isSavedCard(customerId, paymentMethodId)))) {
    throw invalidField('body.paymentMethodId', 'is not one of your saved cards');
  }
  return customerId;
}
