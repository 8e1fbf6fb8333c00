import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { changePassword, sessionsQuery } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { PasswordField } from '../../components/form/PasswordField';
import { SubmitButton } from '../../components/form/SubmitButton';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { PasswordRules } from '../auth/PasswordRules';
import { Section } from './Section';
import { SuccessMessage } from './SuccessMessage';

/** Change the password (signs out the user's other sessions). */
export function PasswordSection({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation({
    mutationFn: () => changePassword(currentPassword, newPassword),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });
  const errors = fieldErrorsOf(change.error);
  useFocusFirstInvalid(formRef, change.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    change.mutate();
  }

  return (
    <Section id="password" title="Password" description="Changing your password signs you out on every other device.">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
        {change.isError && <FormAlert error={change.error} fields={['currentPassword', 'newPassword']} />}
        {change.isSuccess && <SuccessMessage>Password changed. Your other devices were signed out.</SuccessMessage>}
        <PasswordField
          label="Current password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={errors.currentPassword}
        />
        <PasswordField
          label="New password"
          name="newPassword"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          hint={<PasswordRules password={newPassword} email={email} />}
          error={errors.newPassword}
        />
        <SubmitButton pending={change.isPending} pendingLabel="Changing…">
          Change password
        </SubmitButton>
      </form>
    </Section>
  );
}
