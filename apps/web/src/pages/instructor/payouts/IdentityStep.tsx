import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { FormAlert } from '../../../components/form/FormAlert';
import { primaryButtonClass } from '../../../components/form/styles';
import { ownProfileQuery } from '../api';
import { StepSection } from '../StepSection';
import { goTo, identityQuery, startIdentitySession, type IdentityStatus } from './payoutsApi';

const STATUS_TEXT: Record<IdentityStatus['status'], { label: string; tone: string }> = {
  not_started: { label: 'Not verified', tone: 'bg-slate-100 text-slate-700' },
  requires_input: { label: 'Not verified yet', tone: 'bg-red-100 text-red-800' },
  processing: { label: 'Being checked', tone: 'bg-amber-100 text-amber-800' },
  verified: { label: 'Verified', tone: 'bg-green-100 text-green-800' },
  canceled: { label: 'Not verified', tone: 'bg-slate-100 text-slate-700' },
};

const PROCESSING_POLL_MS = 3_000;

/**
 * The setup step for identity: "Verify identity" opens Stripe Identity's page (a photo ID and a
 * selfie); coming back (?identity=return) re-reads the result, as the webhook may be late.
 */
export function IdentityStep() {
  const [params] = useSearchParams();
  const returned = params.get('identity') === 'return';
  // While Stripe is still checking, read again until it answers (by its webhook, or the re-read on
  // return): the badge and the checklist then settle without a reload.
  const identity = useQuery({ ...identityQuery(returned), refetchInterval: (query) => (query.state.data?.status === 'processing' ? PROCESSING_POLL_MS : false) });
  const queryClient = useQueryClient();
  const start = useMutation({ mutationFn: startIdentitySession, onSuccess: ({ url }) => goTo(url) });
  const status = identity.data?.status;
  // The checklist counts the result too: read it again once the new status is known.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: ownProfileQuery.queryKey });
  }, [status, queryClient]);

  return (
    <StepSection
      id="identity"
      title="Identity"
      description="Students trust verified instructors. Stripe Identity checks a photo ID against a selfie; it takes about two minutes."
    >
      {identity.isPending ? (
        <p role="status">Loading your identity check…</p>
      ) : identity.isError ? (
        <FormAlert error={identity.error} />
      ) : (
        <div className="space-y-4">
          <p className="flex flex-wrap items-center gap-3">
            <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${STATUS_TEXT[identity.data.status].tone}`} data-testid="identity-status">
              {STATUS_TEXT[identity.data.status].label}
            </span>
            {identity.data.status === 'processing' && <span className="text-slate-700">Stripe is checking your documents; this usually takes a minute.</span>}
          </p>
          {identity.data.lastError && identity.data.status !== 'verified' && (
            <p className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-900">The last attempt did not pass: {identity.data.lastError}</p>
          )}
          {identity.data.status !== 'verified' && identity.data.status !== 'processing' && (
            <button type="button" className={primaryButtonClass} disabled={start.isPending || start.isSuccess} onClick={() => start.mutate()}>
              {start.isPending || start.isSuccess ? 'Opening Stripe…' : identity.data.lastError ? 'Try again' : 'Verify identity'}
            </button>
          )}
          {start.isError && <FormAlert error={start.error} />}
        </div>
      )}
    </StepSection>
  );
}
