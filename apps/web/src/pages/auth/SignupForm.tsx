import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { register, type Role } from '../../api/auth';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { isProblem } from '../../api/problem';
import { startSession } from '../../auth/session';
import { FormAlert } from '../../components/form/FormAlert';
import { PasswordField } from '../../components/form/PasswordField';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { PasswordRules } from './PasswordRules';
import { RoleChoice } from './RoleChoice';

const FIELDS = ['role', 'name', 'email', 'password'] as const;

/** Creates the account and signs the new user in (their email is verified later). */
export function SignupForm({ initialRole = 'student', onSignedUp }: { initialRole?: Role; onSignedUp?: () => void }) {
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<Role>(initialRole);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signup = useMutation({
    mutationFn: register,
    onSuccess: (result) => {
      onSignedUp?.();
      startSession(result);
      // New instructors go straight into the guided setup; students to their account page.
      navigate(result.user.roles.includes('instructor') ? '/instructor/setup' : '/account', { replace: true, state: { justSignedUp: true } });
    },
  });
  const errors = fieldErrorsOf(signup.error);
  const emailTaken = isProblem(signup.error, 'conflict');
  useFocusFirstInvalid(formRef, signup.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    signup.mutate({ role, name: name.trim(), email: email.trim(), password });
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      {signup.isError && (
        <FormAlert error={signup.error} fields={FIELDS}>
          {emailTaken && (
            <p className="mt-1">
              <Link to="/login" className={linkClass}>
                Log in
              </Link>{' '}
              or{' '}
              <Link to="/forgot-password" className={linkClass}>
                reset your password
              </Link>
              .
            </p>
          )}
        </FormAlert>
      )}
      <RoleChoice value={role} onChange={setRole} error={errors.role} />
      <TextField
        label="Full name"
        name="name"
        autoComplete="name"
        required
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
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
      <PasswordField
        label="Password"
        name="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={<PasswordRules password={password} email={email} />}
        error={errors.password}
      />
      <SubmitButton pending={signup.isPending} pendingLabel="Creating your account…" className={`${primaryButtonClass} w-full`}>
        Create account
      </SubmitButton>
    </form>
  );
}
