import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { makeDefaultCard, paymentMethodsQuery, removeCard, type SavedCard } from '../../api/paymentMethods';
import { FormAlert } from '../../components/form/FormAlert';
import { dangerButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { BRAND_LABELS, type CardBrand } from './cardInput';

/** "Visa •••• 4242": how Stripe and the card itself name a card. */
export function cardName(card: Pick<SavedCard, 'brand' | 'last4'>): string {
  const label = BRAND_LABELS[card.brand as CardBrand] ?? card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${label} •••• ${card.last4}`;
}

export function SavedCardList({ cards }: { cards: SavedCard[] }) {
  if (cards.length === 0) {
    return <p className="text-slate-600">No saved cards yet. Add one to book lessons in a tap.</p>;
  }
  return (
    <ul aria-label="Saved cards" className="divide-y divide-slate-200 rounded-xl border border-slate-200">
      {cards.map((card) => (
        <SavedCardRow key={card.id} card={card} />
      ))}
    </ul>
  );
}

function SavedCardRow({ card }: { card: SavedCard }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: paymentMethodsQuery.queryKey });
  const makeDefault = useMutation({ mutationFn: () => makeDefaultCard(card.id), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => removeCard(card.id), onSuccess: refresh });
  const name = cardName(card);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <p className="flex flex-wrap items-center gap-2 font-semibold text-slate-900">
          <span>{name}</span>
          {card.isDefault && (
            <span className="inline-flex items-center rounded-full bg-indigo-100 px-2.5 py-0.5 text-xs font-semibold text-indigo-800">Default</span>
          )}
        </p>
        <p className="text-sm text-slate-600">
          Expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
        </p>
        {makeDefault.isError && <FormAlert error={makeDefault.error} />}
        {remove.isError && <FormAlert error={remove.error} />}
      </div>
      {confirming ? (
        <div role="group" aria-label={`Remove ${name}?`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Remove this card?</span>
          <button ref={confirmRef} type="button" className={dangerButtonClass} disabled={remove.isPending} onClick={() => remove.mutate()}>
            {remove.isPending ? 'Removing…' : 'Remove card'}
          </button>
          <button type="button" className={secondaryButtonClass} disabled={remove.isPending} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {!card.isDefault && (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={makeDefault.isPending}
              aria-label={`Make ${name} the default`}
              onClick={() => makeDefault.mutate()}
            >
              {makeDefault.isPending ? 'Saving…' : 'Make default'}
            </button>
          )}
          <button type="button" className={dangerButtonClass} aria-label={`Remove ${name}`} onClick={() => setConfirming(true)}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
