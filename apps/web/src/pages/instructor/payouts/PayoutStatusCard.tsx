import { PAYOUT_STATUS_TEXT, type PayoutsOverview } from './payoutsApi';

/** Where the payout account stands, and what Stripe still needs in plain sentences. */
export function PayoutStatusCard({ overview }: { overview: PayoutsOverview }) {
  const text = PAYOUT_STATUS_TEXT[overview.status];
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-3">
        <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${text.tone}`} data-testid="payout-status">
          {text.label}
        </span>
        <span className="text-slate-700">{text.explain}</span>
      </p>
      {overview.requirements.length > 0 && (
        <div>
          <p className="font-medium text-slate-900">Stripe still needs:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700" aria-label="What Stripe still needs">
            {overview.requirements.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
