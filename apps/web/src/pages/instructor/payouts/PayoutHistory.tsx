import { money, PAYOUT_STATE_TEXT, type Payout } from './payoutsApi';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' });

/** The latest payouts, newest first. */
export function PayoutHistory({ payouts }: { payouts: Payout[] }) {
  if (payouts.length === 0) return <p className="text-slate-600">No payouts yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-slate-600">
        <tr>
          <th className="py-2 font-medium">Arrives</th>
          <th className="py-2 font-medium">Amount</th>
          <th className="py-2 font-medium">Type</th>
          <th className="py-2 font-medium">Fee</th>
          <th className="py-2 font-medium">Status</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {payouts.map((payout) => (
          <tr key={payout.id}>
            <td className="py-2">{when.format(new Date(payout.arrivalDate))}</td>
            <td className="py-2 font-medium">{money(payout.amountCents)}</td>
            <td className="py-2">{payout.method === 'instant' ? 'Instant' : 'Standard'}</td>
            <td className="py-2">{payout.feeCents > 0 ? money(payout.feeCents) : '—'}</td>
            <td className="py-2">{PAYOUT_STATE_TEXT[payout.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
