import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { startPhoneVerification, type PhoneChallenge } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { retryAfterMessage } from '../auth/retryAfter';

interface PhoneNumberFormProps {
  initial?: string;
  onSent: (challenge: PhoneChallenge) => void;
  onCancel?: () => void;
}

/** Step one: the number to text a code to. */
export function PhoneNumberForm({ initial = '', onSent, onCancel }: PhoneNumberFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [phone, setPhone] = useState(initial);
  const send = useMutation({ mutationFn: startPhoneVerification, onSuccess: onSent });
  const errors = fieldErrorsOf(send.error);
  useFocusFirstInvalid(formRef, send.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    send.mutate(phone.trim());
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      {send.isError && (
        <FormAlert error={send.error} fields={['phone']}>
          {retryAfterMessage(send.error) && <p className="mt-1">{retryAfterMessage(send.error)}</p>}
        </FormAlert>
      )}
      <TextField
        label="Mobile number"
        name="phone"
        type="tel"
        autoComplete="tel"
        hint="US numbers as usual, e.g. (212) 555-0123; other countries start with + and the country code. We’ll text you a 6-digit code."
        required
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.phone}
      />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={send.isPending} pendingLabel="Sending code…">
          Text me a code
        </SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel} className={secondaryButtonClass}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
