import { PaymentError } from '../../integrations/payments/payment-error.ts';
import { DomainError } from '../../platform/errors.ts';

/**
 * Runs one call to the payments provider and says its refusals in the API's words: the
 * provider down is 503 (try again with the same request); anything it refuses is 422 with its
 * code, never a 5xx.
 */
export async function providerCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    if (error.kind === 'unavailable') throw new DomainError('service_unavailable', 'Payments are unavailable right now; please try again in a minute.');
    throw new DomainError('unprocessable', error.message, { code: error.details.code ?? error.kind });
  }
}

/**
 * The provider's notion of "now" for a state we read ourselves: its events carry whole seconds
 * (`created`), so a read is dated to the start of its second — an event of that same second,
 * possibly a later change, may still replace it.
 */
export function providerSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
