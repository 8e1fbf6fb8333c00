import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { confirmTwoFactor, type TwoFactorSetup } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { CopyButton } from './CopyButton';
import { useFocusOnMount } from './useFocusOnMount';

interface TwoFactorSetupStepProps {
  setup: TwoFactorSetup;
  onConfirmed: (backupCodes: string[]) => void;
  onCancel: () => void;
}

/** Scan the QR code (or type the setup key), then prove it with a code. */
export function TwoFactorSetupStep({ setup, onConfirmed, onCancel }: TwoFactorSetupStepProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formRef = useRef<HTMLFormElement>(null);
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: confirmTwoFactor,
    onSuccess: (result) => onConfirmed(result.backupCodes),
  });
  const errors = fieldErrorsOf(confirm.error);
  useFocusFirstInvalid(formRef, confirm.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(code);
  }

  return (
    <div className="space-y-5">
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        Step 1 of 2: connect your authenticator app
      </h3>
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open an authenticator app (Google Authenticator, 1Password, Authy, …).</li>
        <li>Scan this QR code, or enter the setup key by hand.</li>
        <li>Type the 6-digit code the app shows.</li>
      </ol>
      <div className="flex flex-col gap-5 sm:flex-row sm:items-start">
        <img
          src={setup.qrCodeDataUrl}
          alt="QR code to add InstaInstru to your authenticator app"
          width={192}
          height={192}
          className="h-48 w-48 shrink-0 rounded-lg border border-slate-200 bg-white p-2"
        />
        <div className="min-w-0 flex-1 space-y-2">
          <TextField
            label="Setup key"
            hint="Can’t scan? Enter this key in your app (time-based)."
            readOnly
            value={setup.secret}
            onFocus={(e) => e.currentTarget.select()}
            inputClassName="font-mono tracking-wider"
            addon={<CopyButton text={setup.secret} label="Copy key" />}
          />
        </div>
      </div>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
        {confirm.isError && <FormAlert error={confirm.error} fields={['code']} />}
        <TextField
          label="6-digit code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          error={errors.code}
        />
        <div className="flex flex-wrap gap-3">
          <SubmitButton pending={confirm.isPending} pendingLabel="Checking…">
            Turn on two-factor authentication
          </SubmitButton>
          <button type="button" onClick={onCancel} className={secondaryButtonClass}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
