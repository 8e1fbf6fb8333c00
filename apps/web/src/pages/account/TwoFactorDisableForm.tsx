import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { disableTwoFactor } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { PasswordField } from '../../components/form/PasswordField';
import { dangerButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';

/** Turning 2FA off asks for the password and a current code (or a backup code). */
export function TwoFactorDisableForm({ onDisabled }: { onDisabled: () => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({ mutationFn: () => disableTwoFactor(password, code.trim()), onSuccess: onDisabled });
  const errors = fieldErrorsOf(disable.error);
  useFocusFirstInvalid(formRef, disable.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    disable.mutate();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
      <h3 className="font-semibold text-slate-900">Turn off two-factor authentication</h3>
      {disable.isError && <FormAlert error={disable.error} fields={['password', 'code']} />}
      <PasswordField
        label="Your password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      <TextField
        label="Authentication or backup code"
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.code}
      />
      <SubmitButton pending={disable.isPending} pendingLabel="Turning off…" className={dangerButtonClass}>
        Turn off two-factor authentication
      </SubmitButton>
    </form>
  );
}
