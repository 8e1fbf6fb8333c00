import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from '../../api/auth';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FormAlert } from '../../components/form/FormAlert';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { retryAfterMessage } from './retryAfter';
import { AuthCard } from './AuthCard';

/** `/forgot-password`: emails a reset link. The answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const reset = useMutation({ mutationFn: requestPasswordReset });
  const errors = fieldErrorsOf(reset.error);
  useFocusFirstInvalid(formRef, reset.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    reset.mutate(email.trim());
  }

  const footer = (
    <Link to="/login" className={linkClass}>
      Back to log in
    </Link>
  );

  if (reset.isSuccess) {
    return (
      <AuthCard title="Check your email" footer={footer}>
        <div role="status" className="space-y-3 text-slate-700">
          <p>
            If an account exists for <strong>{reset.variables}</strong>, we sent a link to reset its password. The link
            works once, for one hour.
          </p>
          <p className="text-sm text-slate-600">Nothing arrived? Check your spam folder, or try again in a few minutes.</p>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Reset your password"
      intro="Enter the email you signed up with and we’ll send you a link to choose a new password."
      footer={footer}
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
        {reset.isError && (
          <FormAlert error={reset.error} fields={['email']}>
            {retryAfterMessage(reset.error) && <p className="mt-1">{retryAfterMessage(reset.error)}</p>}
          </FormAlert>
        )}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <SubmitButton pending={reset.isPending} pendingLabel="Sending…" className={`${primaryButtonClass} w-full`}>
          Send reset link
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
