/**
 * The tabs of the local Stripe dashboard, as Stripe's test-mode dashboard groups things, and
 * what each row shows at a glance. Pure: tested without a browser.
 */
export interface ObjectTab {
  key: string;
  label: string;
  /** The local Stripe's object kind (fake_stripe_objects.kind). */
  kind: string;
}

export const OBJECT_TABS: readonly ObjectTab[] = [
  { key: 'payments', label: 'Payments', kind: 'payment_intent' },
  { key: 'customers', label: 'Customers', kind: 'customer' },
  { key: 'setup-intents', label: 'Setup intents', kind: 'setup_intent' },
  { key: 'accounts', label: 'Accounts', kind: 'account' },
  { key: 'transfers', label: 'Transfers', kind: 'transfer' },
  { key: 'payouts', label: 'Payouts', kind: 'payout' },
  { key: 'refunds', label: 'Refunds', kind: 'refund' },
  { key: 'identity', label: 'Identity', kind: 'identity.verification_session' },
];

export const EVENTS_TAB = { key: 'events', label: 'Events' } as const;

export type TabKey = ObjectTab['key'] | typeof EVENTS_TAB.key;

/** The tab a `?tab=` names, Payments for anything else. */
export function tabFrom(value: string | null): TabKey {
  if (value === EVENTS_TAB.key) return EVENTS_TAB.key;
  return OBJECT_TABS.find((tab) => tab.key === value)?.key ?? OBJECT_TABS[0]!.key;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** An amount in the smallest unit, as Stripe's dashboard shows it: `$50.00 USD`. */
export function formatAmount(amount: unknown, currency: unknown): string | undefined {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) return undefined;
  const code = (text(currency) ?? 'usd').toUpperCase();
  try {
    return `${new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).format(amount / 100)} ${code}`;
  } catch {
    return `${amount} ${code}`;
  }
}

/** One line about an object: its amount, status and who it is for, whichever it has. */
export function summarize(body: Record<string, unknown>): string {
  const parts = [
    formatAmount(body.amount, body.currency),
    text(body.status),
    text(body.email),
    text(body.description),
    typeof body.charges_enabled === 'boolean' ? (body.charges_enabled ? 'charges enabled' : 'charges disabled') : undefined,
    typeof body.payouts_enabled === 'boolean' ? (body.payouts_enabled ? 'payouts enabled' : 'payouts disabled') : undefined,
    text(body.destination) ? `to ${String(body.destination)}` : undefined,
    text(body.customer) ? `customer ${String(body.customer)}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.join(' · ');
}

/** Unix seconds to a readable local time. */
export function formatCreated(seconds: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(seconds * 1000));
}
