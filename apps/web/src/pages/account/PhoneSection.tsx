import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { meQuery, type Me, type PhoneChallenge } from '../../api/account';
import { secondaryButtonClass } from '../../components/form/styles';
import { formatPhone } from './format';
import { PhoneCodeForm } from './PhoneCodeForm';
import { PhoneNumberForm } from './PhoneNumberForm';
import { Section } from './Section';
import { StatusBadge } from './StatusBadge';
import { SuccessMessage } from './SuccessMessage';

type PhoneStep = { step: 'view' } | { step: 'number'; phone?: string } | { step: 'code'; challenge: PhoneChallenge };

/** A verified mobile number for lesson reminders by SMS: number → texted code → verified. */
export function PhoneSection({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [flow, setFlow] = useState<PhoneStep>({ step: 'view' });
  const [verified, setVerified] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (verified) noticeRef.current?.focus();
  }, [verified]);
  const hasVerifiedPhone = me.phone !== null && me.phoneVerified;

  function onVerified(result: { phone: string }) {
    // Show the verified number at once; the refetch confirms it.
    queryClient.setQueryData(meQuery.queryKey, (old) => old && { ...old, phone: result.phone, phoneVerified: true });
    setFlow({ step: 'view' });
    setVerified(true);
    void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  }

  let content;
  if (flow.step === 'code') {
    content = (
      <PhoneCodeForm
        challenge={flow.challenge}
        onVerified={onVerified}
        onChangeNumber={() => setFlow({ step: 'number', phone: flow.challenge.phone })}
      />
    );
  } else if (flow.step === 'number' || !hasVerifiedPhone) {
    content = (
      <PhoneNumberForm
        initial={
          flow.step === 'number' && flow.phone ? formatPhone(flow.phone) : me.phone && !me.phoneVerified ? formatPhone(me.phone) : ''
        }
        onSent={(challenge) => {
          setVerified(false);
          setFlow({ step: 'code', challenge });
        }}
        onCancel={hasVerifiedPhone ? () => setFlow({ step: 'view' }) : undefined}
      />
    );
  } else {
    content = (
      <div className="space-y-4">
        {verified && <SuccessMessage ref={noticeRef}>Your phone number is verified.</SuccessMessage>}
        <p className="flex flex-wrap items-center gap-2 text-slate-900">
          {formatPhone(me.phone!)}
          <StatusBadge ok>Verified</StatusBadge>
        </p>
        <button type="button" onClick={() => setFlow({ step: 'number' })} className={secondaryButtonClass}>
          Change number
        </button>
      </div>
    );
  }

  return (
    <Section
      id="phone"
      title="Phone"
      description="We text lesson reminders and urgent changes only to a verified number."
    >
      {content}
    </Section>
  );
}
