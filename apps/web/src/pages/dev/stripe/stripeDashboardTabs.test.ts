import { describe, expect, it } from 'vitest';
import { formatAmount, OBJECT_TABS, summarize, tabFrom } from './stripeDashboardTabs';

describe('local Stripe dashboard tabs', () => {
  it('has the tabs of Stripe’s test-mode dashboard, each on one object kind', () => {
    expect(OBJECT_TABS.map((tab) => tab.label)).toEqual(['Payments', 'Customers', 'Setup intents', 'Accounts', 'Transfers', 'Payouts', 'Refunds', 'Identity']);
    expect(new Set(OBJECT_TABS.map((tab) => tab.kind)).size).toBe(OBJECT_TABS.length);
  });

  it('reads the tab from the address, Payments when it names none', () => {
    expect(tabFrom('events')).toBe('events');
    expect(tabFrom('payouts')).toBe('payouts');
    expect(tabFrom(null)).toBe('payments');
    expect(tabFrom('<script>')).toBe('payments');
  });
});

describe('row summaries', () => {
  it('shows amounts in dollars with the currency', () => {
    expect(formatAmount(5000, 'usd')).toBe('$50.00 USD');
    expect(formatAmount(1999, 'eur')).toBe('€19.99 EUR');
    expect(formatAmount('5000', 'usd')).toBeUndefined();
    expect(formatAmount(100, 'not-a-currency')).toBe('100 NOT-A-CURRENCY');
  });

  it('says what matters about each kind of object', () => {
    expect(summarize({ amount: 5000, currency: 'usd', status: 'requires_capture', customer: 'cus_1' })).toBe('$50.00 USD · requires_capture · customer cus_1');
    expect(summarize({ email: 'learner@example.com' })).toBe('learner@example.com');
    expect(summarize({ charges_enabled: true, payouts_enabled: false })).toBe('charges enabled · payouts disabled');
    expect(summarize({ amount: 4500, currency: 'usd', destination: 'acct_1' })).toBe('$45.00 USD · to acct_1');
    expect(summarize({})).toBe('');
  });
});
