import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { paymentMethodsQuery } from '../../api/paymentMethods';
import { ErrorState } from '../../components/ErrorState';
import { AddCard } from '../payment-methods/AddCard';
import { cardName } from '../payment-methods/SavedCardList';

const CARDS_SHOWN_KEY = 'instainstru.cards-shown';

/** The card ids this tab last showed (none when unknown or unreadable). */
function cardsShownBefore(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(CARDS_SHOWN_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Which saved card pays: the student's cards as radio buttons (the default chosen first), and
 * the payment methods page's own "Add a card" flow for a new one. 3-D Secure while saving a
 * card sends the browser back to `returnUrl` (this booking page, its choices in the address).
 */
export function CardChoice(props: {
  value: string | null;
  onChange: (id: string) => void;
  returnUrl: string;
  invalid: boolean;
  /** This page load is the return from the bank's page with a card saved here: that card pays. */
  savedByBank?: boolean;
}) {
  const { value, onChange, returnUrl, invalid, savedByBank = false } = props;
  const id = useId();
  const queryClient = useQueryClient();
  const cards = useQuery(paymentMethodsQuery);
  const items = cards.data?.items;
  // The cards known when a new one was saved here: the new one is chosen once the list has it —
  // also after the bank's page (3-D Secure) brought the browser back, the page loaded anew.
  const [shownBeforeBank] = useState(() => (savedByBank ? cardsShownBefore() : null));
  const knownBeforeSave = useRef<string[] | null>(shownBeforeBank);

  // A card just added pays; otherwise, with nothing chosen (or the chosen card removed), the default card, else the first.
  useEffect(() => {
    if (!items || items.length === 0) return;
    const added = knownBeforeSave.current && items.find((card) => !knownBeforeSave.current!.includes(card.id));
    if (added) {
      knownBeforeSave.current = null;
      onChange(added.id);
      return;
    }
    if (value && items.some((card) => card.id === value)) return;
    onChange((items.find((card) => card.isDefault) ?? items[0]!).id);
  }, [items, value, onChange]);

  // Remembered for the tab (after the choice above): what the bank's page will come back to.
  useEffect(() => {
    if (items) sessionStorage.setItem(CARDS_SHOWN_KEY, JSON.stringify(items.map((card) => card.id)));
  }, [items]);

  if (cards.isPending) {
    return (
      <p role="status" className="text-slate-600">
        Loading your cards…
      </p>
    );
  }
  if (cards.isError) return <ErrorState error={cards.error} onRetry={() => void cards.refetch()} />;

  return (
    <div className="space-y-4">
      {cards.data.items.length === 0 ? (
        <p className="text-slate-700">You have no saved card yet: add one to book.</p>
      ) : (
        <fieldset aria-describedby={invalid ? `${id}-error` : undefined}>
          <legend className="text-sm font-semibold text-slate-800">Pay with</legend>
          <div className="mt-2 space-y-2">
            {cards.data.items.map((card) => (
              <label key={card.id} className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-3 py-2 has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50">
                <input type="radio" name={`${id}-card`} value={card.id} checked={value === card.id} onChange={() => onChange(card.id)} />
                <span className="font-medium text-slate-900">{cardName(card)}</span>
                <span className="text-sm text-slate-600">
                  expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
                  {card.isDefault && ' · default'}
                </span>
              </label>
            ))}
          </div>
          {invalid && (
            <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
              Choose a card.
            </p>
          )}
        </fieldset>
      )}
      <AddCard
        returnUrl={returnUrl}
        onSaved={() => {
          knownBeforeSave.current = cards.data.items.map((card) => card.id);
          void queryClient.invalidateQueries({ queryKey: paymentMethodsQuery.queryKey });
        }}
      />
    </div>
  );
}
