import { useId, useRef, useState, type FormEvent } from 'react';
import { SubmitButton } from '../../components/form/SubmitButton';
import { secondaryButtonClass } from '../../components/form/styles';
import {
  BRAND_LABELS,
  detectBrand,
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  TEST_CARDS,
  validateCard,
  type CardField,
  type CardFields,
} from './cardInput';
import { confirmCardSetup, StripeCardError } from './localStripeClient';

interface LocalCardFormProps {
  publishableKey: string;
  setupIntentId: string;
  clientSecret: string;
  /** Where 3-D Secure sends the browser back (this page). */
  returnUrl: string;
  onSaved: () => void;
  onCancel: () => void;
}

const FIELD_ORDER: CardField[] = ['number', 'expiry', 'cvc', 'zip'];
const EMPTY: CardFields = { number: '', expiry: '', cvc: '', zip: '' };

function thisMonth() {
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1 };
}

/**
 * The development stand-in for Stripe's Card Element: one box with number (grouped, brand
 * shown), MM / YY, CVC and ZIP, checked as typed and shown after each field is left; the
 * test cards beside it. It talks to the local Stripe only (localStripeClient.ts).
 */
export function LocalCardForm({ publishableKey, setupIntentId, clientSecret, returnUrl, onSaved, onCancel }: LocalCardFormProps) {
  const id = useId();
  const [fields, setFields] = useState<CardFields>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<CardField, boolean>>>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const refs = {
    number: useRef<HTMLInputElement>(null),
    expiry: useRef<HTMLInputElement>(null),
    cvc: useRef<HTMLInputElement>(null),
    zip: useRef<HTMLInputElement>(null),
  };

  const brand = detectBrand(fields.number);
  const { errors } = validateCard(fields, thisMonth());
  const shownField = FIELD_ORDER.find((field) => touched[field] && errors[field]);
  const errorId = `${id}-error`;

  function update(field: CardField, value: string) {
    setFailure(null);
    setFields((current) => ({ ...current, [field]: value }));
  }

  /** Like Stripe's element: a complete field moves on to the next. */
  function advanceIfComplete(field: CardField, next: CardFields) {
    const fieldErrors = validateCard(next, thisMonth()).errors;
    const done = !fieldErrors[field];
    if (!done) return;
    const following = FIELD_ORDER[FIELD_ORDER.indexOf(field) + 1];
    if (following) refs[following].current?.focus();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setTouched({ number: true, expiry: true, cvc: true, zip: true });
    const { card, errors: found } = validateCard(fields, thisMonth());
    if (!card) {
      const first = FIELD_ORDER.find((field) => found[field]);
      if (first) refs[first].current?.focus();
      return;
    }
    setPending(true);
    setFailure(null);
    try {
      const outcome = await confirmCardSetup({ publishableKey, setupIntentId, clientSecret, card, returnUrl });
      if (outcome.status === 'requires_action') {
        // The bank's challenge page; it comes back here with ?setup_intent=…&redirect_status=…
        window.location.assign(outcome.redirectUrl);
        return;
      }
      onSaved();
    } catch (error) {
      setFailure(error instanceof StripeCardError ? error.message : 'Your card could not be saved. Try again.');
      setPending(false);
    }
  }

  const partClass = 'min-w-0 bg-transparent py-2.5 placeholder:text-slate-400 focus:outline-none';
  const invalid = (field: CardField) => Boolean(touched[field] && errors[field]);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_14rem]">
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Add a card" className="space-y-4">
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Card information</legend>
          <div
            className={`mt-1.5 flex flex-wrap items-center gap-x-3 rounded-lg border bg-white px-3 shadow-sm focus-within:border-indigo-500 focus-within:ring-2 focus-within:ring-indigo-200 ${
              shownField ? 'border-red-500' : 'border-slate-300'
            }`}
          >
            <span
              aria-hidden="true"
              data-testid="card-brand"
              className="w-12 shrink-0 rounded border border-slate-200 px-1 py-0.5 text-center text-[10px] font-bold tracking-wide text-slate-600 uppercase"
            >
              {brand === 'unknown' ? 'Card' : brand === 'mastercard' ? 'MC' : brand === 'amex' ? 'Amex' : BRAND_LABELS[brand]}
            </span>
            <label htmlFor={`${id}-number`} className="sr-only">
              Card number
            </label>
            {/* The badge is drawn for the eyes; the brand is announced once it is known. */}
            <span className="sr-only" aria-live="polite">
              {brand === 'unknown' ? '' : BRAND_LABELS[brand]}
            </span>
            <input
              ref={refs.number}
              id={`${id}-number`}
              name="cardnumber"
              inputMode="numeric"
              autoComplete="cc-number"
              placeholder="1234 1234 1234 1234"
              value={fields.number}
              aria-invalid={invalid('number') || undefined}
              aria-describedby={shownField === 'number' ? errorId : undefined}
              onChange={(event) => {
                const value = formatCardNumber(event.target.value);
                update('number', value);
                advanceIfComplete('number', { ...fields, number: value });
              }}
              onBlur={() => setTouched((t) => ({ ...t, number: digitsOnly(fields.number).length > 0 || t.number }))}
              className={`${partClass} flex-1 basis-40 tabular-nums ${invalid('number') ? 'text-red-700' : 'text-slate-900'}`}
            />
            <div className="flex flex-1 basis-52 items-center gap-3 border-t border-slate-200 sm:flex-none sm:basis-auto sm:border-t-0">
              <label htmlFor={`${id}-expiry`} className="sr-only">
                Expiration date (MM / YY)
              </label>
              <input
                ref={refs.expiry}
                id={`${id}-expiry`}
                name="exp-date"
                inputMode="numeric"
                autoComplete="cc-exp"
                placeholder="MM / YY"
                value={fields.expiry}
                aria-invalid={invalid('expiry') || undefined}
                aria-describedby={shownField === 'expiry' ? errorId : undefined}
                onChange={(event) => {
                  const value = formatExpiry(event.target.value, fields.expiry);
                  update('expiry', value);
                  if (digitsOnly(value).length === 4) advanceIfComplete('expiry', { ...fields, expiry: value });
                }}
                onBlur={() => setTouched((t) => ({ ...t, expiry: fields.expiry.length > 0 || t.expiry }))}
                className={`${partClass} w-16 ${invalid('expiry') ? 'text-red-700' : 'text-slate-900'}`}
              />
              <label htmlFor={`${id}-cvc`} className="sr-only">
                Security code (CVC)
              </label>
              <input
                ref={refs.cvc}
                id={`${id}-cvc`}
                name="cvc"
                inputMode="numeric"
                autoComplete="cc-csc"
                placeholder="CVC"
                value={fields.cvc}
                aria-invalid={invalid('cvc') || undefined}
                aria-describedby={shownField === 'cvc' ? errorId : undefined}
                onChange={(event) => {
                  const value = digitsOnly(event.target.value).slice(0, brand === 'amex' ? 4 : 3);
                  update('cvc', value);
                  if (value.length === (brand === 'amex' ? 4 : 3)) advanceIfComplete('cvc', { ...fields, cvc: value });
                }}
                onBlur={() => setTouched((t) => ({ ...t, cvc: fields.cvc.length > 0 || t.cvc }))}
                className={`${partClass} w-12 ${invalid('cvc') ? 'text-red-700' : 'text-slate-900'}`}
              />
              <label htmlFor={`${id}-zip`} className="sr-only">
                ZIP
              </label>
              <input
                ref={refs.zip}
                id={`${id}-zip`}
                name="postal"
                inputMode="numeric"
                autoComplete="postal-code"
                placeholder="ZIP"
                value={fields.zip}
                aria-invalid={invalid('zip') || undefined}
                aria-describedby={shownField === 'zip' ? errorId : undefined}
                onChange={(event) => update('zip', digitsOnly(event.target.value).slice(0, 5))}
                onBlur={() => setTouched((t) => ({ ...t, zip: fields.zip.length > 0 || t.zip }))}
                className={`${partClass} w-12 ${invalid('zip') ? 'text-red-700' : 'text-slate-900'}`}
              />
            </div>
          </div>
          {shownField && (
            <p id={errorId} className="mt-1.5 text-sm font-medium text-red-700">
              {errors[shownField]}
            </p>
          )}
        </fieldset>
        {failure && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
            <p className="font-semibold">Your card was not saved</p>
            <p className="mt-1">{failure}</p>
          </div>
        )}
        <p className="text-xs text-slate-500">
          Development: cards go to the local Stripe only, never to InstaInstru&rsquo;s servers or logs.
        </p>
        <div className="flex flex-wrap gap-3">
          <SubmitButton pending={pending} pendingLabel="Saving card…">
            Save card
          </SubmitButton>
          <button type="button" onClick={onCancel} className={secondaryButtonClass} disabled={pending}>
            Cancel
          </button>
        </div>
      </form>
      <aside aria-labelledby={`${id}-test-cards`} className="rounded-xl border border-dashed border-amber-300 bg-amber-50 p-4 text-sm">
        <h3 id={`${id}-test-cards`} className="font-semibold text-amber-900">
          Test cards
        </h3>
        <p className="mt-1 text-amber-900">Any future date, any CVC, any ZIP.</p>
        <ul className="mt-3 space-y-2">
          {TEST_CARDS.map((card) => (
            <li key={card.number}>
              <button
                type="button"
                onClick={() => {
                  update('number', card.number);
                  refs.expiry.current?.focus();
                }}
                className="w-full rounded-md px-2 py-1 text-left hover:bg-amber-100"
                aria-label={`Use ${card.number}: ${card.outcome}`}
              >
                <span className="block font-mono text-slate-900">{card.number}</span>
                <span className="block text-xs text-amber-900">{card.outcome}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
