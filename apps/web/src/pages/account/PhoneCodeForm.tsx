import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { confirmPhone, type PhoneChallenge } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { formatDateTime, formatPhone } from './format';
import { useFocusOnMount } from './useFocusOnMount';

interface PhoneCodeFormProps {
  challenge: PhoneChallenge;
  onVerified: (result: { phone: string }) => void;
  onChangeNumber: () => void;
}

/** Step two: the code we texted. */
export function PhoneCodeForm({ challenge, onVerified, onChangeNumber }: PhoneCodeFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const [code, setCode] = useState('');
  const verify = useMutation({ mutationFn: confirmPhone, onSuccess: onVerified });
  const errors = fieldErrorsOf(verify.error);
  useFocusFirstInvalid(formRef, verify.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    verify.mutate(code);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      <p role="status" className="text-sm text-slate-700">
        We texted a 6-digit code to <strong>{formatPhone(challenge.phone)}</strong>. It expires at{' '}
        {formatDateTime(challenge.expiresAt)}.
      </p>
      {verify.isError && (
        <FormAlert error={verify.error} fields={['code']}>
          {verify.error instanceof ApiProblem && verify.error.status === 410 && (
            <p className="mt-1">This code can no longer be used. Ask for a new one below.</p>
          )}
        </FormAlert>
      )}
      <TextField
        ref={inputRef}
        label="Code from the text message"
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
        <SubmitButton pending={verify.isPending} pendingLabel="Verifying…">
          Verify number
        </SubmitButton>
        <button type="button" onClick={onChangeNumber} className={secondaryButtonClass}>
          Send a new code or change the number
        </button>
      </div>
    </form>
  );
}
