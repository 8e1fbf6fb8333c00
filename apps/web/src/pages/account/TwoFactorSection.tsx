import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { meQuery, startTwoFactorSetup, type Me, type TwoFactorSetup } from '../../api/account';
import { FormAlert } from '../../components/form/FormAlert';
import { primaryButtonClass } from '../../components/form/styles';
import { BackupCodes } from './BackupCodes';
import { Section } from './Section';
import { StatusBadge } from './StatusBadge';
import { SuccessMessage } from './SuccessMessage';
import { TwoFactorDisableForm } from './TwoFactorDisableForm';
import { TwoFactorSetupStep } from './TwoFactorSetupStep';

/** Where the user is in turning 2FA on; kept here so the codes stay up until "I saved them". */
type Enrolment = { step: 'idle' } | { step: 'scan'; setup: TwoFactorSetup } | { step: 'codes'; codes: string[] };

/** Two-factor authentication: enrol (QR, code, backup codes) or turn it off. */
export function TwoFactorSection({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment>({ step: 'idle' });
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The finished step disappears: keep focus in this section, on the confirmation.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const setup = useMutation({
    mutationFn: startTwoFactorSetup,
    onSuccess: (data) => {
      setNotice(null);
      setEnrolment({ step: 'scan', setup: data });
    },
  });

  function showState(twoFactorEnabled: boolean) {
    // Show the new state at once; the refetch confirms it.
    queryClient.setQueryData(meQuery.queryKey, (old) => old && { ...old, twoFactorEnabled });
    void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  }

  function finish(twoFactorEnabled: boolean) {
    showState(twoFactorEnabled);
    setEnrolment({ step: 'idle' });
    setNotice(twoFactorEnabled ? 'Two-factor authentication is on.' : 'Two-factor authentication is off.');
  }

  const enabled = me.twoFactorEnabled;
  const status = (
    <span className="inline-flex items-center gap-2">
      Status: <StatusBadge ok={enabled}>{enabled ? 'On' : 'Off'}</StatusBadge>
    </span>
  );

  return (
    <Section
      id="two-factor"
      title="Two-factor authentication"
      description={
        <>
          <p>Protect your account with a code from an authenticator app each time you log in.</p>
          <p className="mt-2">{status}</p>
        </>
      }
    >
      <div className="space-y-4">
        {notice && <SuccessMessage ref={noticeRef}>{notice}</SuccessMessage>}
        {enrolment.step === 'scan' ? (
          <TwoFactorSetupStep
            setup={enrolment.setup}
            onConfirmed={(codes) => {
              // 2FA is on from the confirmed code, not from "I saved them": the badge says so now.
              showState(true);
              setEnrolment({ step: 'codes', codes });
            }}
            onCancel={() => setEnrolment({ step: 'idle' })}
          />
        ) : enrolment.step === 'codes' ? (
          <BackupCodes codes={enrolment.codes} onDone={() => finish(true)} />
        ) : enabled ? (
          <TwoFactorDisableForm onDisabled={() => finish(false)} />
        ) : (
          <>
            {setup.isError && <FormAlert error={setup.error} />}
            <button
              type="button"
              onClick={() => setup.mutate()}
              disabled={setup.isPending}
              className={primaryButtonClass}
            >
              {setup.isPending ? 'Preparing…' : 'Set up two-factor authentication'}
            </button>
          </>
        )}
      </div>
    </Section>
  );
}
