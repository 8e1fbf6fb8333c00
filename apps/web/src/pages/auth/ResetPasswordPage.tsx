import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { resetPassword } from '../../api/auth';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { PasswordField } from '../../components/form/PasswordField';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { AuthCard } from './AuthCard';
import { PasswordRules } from './PasswordRules';

/** `/reset-password?token=…`: the link from the reset email. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const reset = useMutation({ mutationFn: (next: string) => resetPassword(token, next) });
  const errors = fieldErrorsOf(reset.error);
  useFocusFirstInvalid(formRef, reset.error);

  if (!token) {
    return (
      <AuthCard title="Reset link incomplete">
        <p role="alert" className="text-slate-700">
          This address is missing its reset token. Open the link from the email again, or{' '}
          <Link to="/forgot-password" className={linkClass}>
            request a new link
          </Link>
          .
        </p>
      </AuthCard>
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <div role="status" className="space-y-4 text-slate-700">
          <p>Your new password is set, and you were signed out everywhere else. Log in with it now.</p>
          <Link to="/login" className={`${primaryButtonClass} w-full`}>
            Log in
          </Link>
        </div>
      </AuthCard>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    reset.mutate(password);
  }

  // A problem about the token (not the password) means the link is used up or expired.
  const tokenProblem = reset.isError && errors.password === undefined;

  return (
    <AuthCard title="Choose a new password" footer={<Link to="/login" className={linkClass}>Back to log in</Link>}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
        {reset.isError && (
          <FormAlert error={reset.error} fields={['password']}>
            {tokenProblem && (
              <p className="mt-1">
                <Link to="/forgot-password" className={linkClass}>
                  Request a new reset link
                </Link>
              </p>
            )}
          </FormAlert>
        )}
        <PasswordField
          label="New password"
          name="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={<PasswordRules password={password} />}
          error={errors.password}
        />
        <SubmitButton pending={reset.isPending} pendingLabel="Saving…" className={`${primaryButtonClass} w-full`}>
          Set new password
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
