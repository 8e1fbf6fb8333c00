import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { login, type AuthResult, type LoginInput } from '../../api/auth';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { isProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { PasswordField } from '../../components/form/PasswordField';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { Captcha } from './Captcha';
import { retryAfterMessage } from './retryAfter';
import { SecondFactorFields } from './SecondFactorFields';

const FIELDS = ['email', 'password', 'totpCode', 'backupCode', 'captchaToken'] as const;

/**
 * Email and password; then, when the server asks, a CAPTCHA (`captcha_required`) and a
 * second step for the authenticator or a backup code (`totp_required`). Each step resubmits
 * the same email and password with what was asked for.
 */
export function LoginForm({ onSignedIn }: { onSignedIn: (result: AuthResult) => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'credentials' | 'secondFactor'>('credentials');
  const [useBackupCode, setUseBackupCode] = useState(false);
  const [code, setCode] = useState('');
  const [captchaNeeded, setCaptchaNeeded] = useState(false);
  const [captchaToken, setCaptchaToken] = useState<string | null>(null);
  // Remounting the widget resets it: a CAPTCHA token is good for one attempt only.
  const [captchaKey, setCaptchaKey] = useState(0);
  const [captchaMissing, setCaptchaMissing] = useState(false);

  const attempt = useMutation({
    mutationFn: login,
    onSuccess: onSignedIn,
    onError: (error, sent) => {
      if (isProblem(error, 'totp_required')) {
        setStep('secondFactor');
        setCode('');
      }
      if (isProblem(error, 'captcha_required')) setCaptchaNeeded(true);
      if (sent.captchaToken) {
        setCaptchaToken(null);
        setCaptchaKey((k) => k + 1);
      }
    },
  });

  // The second step replaces the password fields: move focus to its code input.
  useEffect(() => {
    if (step === 'secondFactor') codeRef.current?.focus();
  }, [step, useBackupCode]);
  useFocusFirstInvalid(formRef, attempt.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (captchaNeeded && !captchaToken) {
      setCaptchaMissing(true);
      return;
    }
    setCaptchaMissing(false);
    const body: LoginInput = { email: email.trim(), password };
    if (step === 'secondFactor') {
      if (useBackupCode) body.backupCode = code.trim();
      else body.totpCode = code;
    }
    if (captchaToken) body.captchaToken = captchaToken;
    attempt.mutate(body);
  }

  function startOver() {
    attempt.reset();
    setStep('credentials');
    setPassword('');
    setCode('');
    setUseBackupCode(false);
  }

  const errors = fieldErrorsOf(attempt.error);
  // `totp_required` is the next step, not a failure; everything else is shown.
  const showAlert = attempt.isError && !isProblem(attempt.error, 'totp_required');

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      {showAlert && (
        <FormAlert error={attempt.error} fields={FIELDS}>
          {retryAfterMessage(attempt.error) && <p className="mt-1 font-medium">{retryAfterMessage(attempt.error)}</p>}
        </FormAlert>
      )}

      {step === 'credentials' ? (
        <>
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
          />
          <PasswordField
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
          <p className="text-sm">
            <Link to="/forgot-password" className={linkClass}>
              Forgot your password?
            </Link>
          </p>
        </>
      ) : (
        <SecondFactorFields
          useBackupCode={useBackupCode}
          onToggle={() => {
            setUseBackupCode((v) => !v);
            setCode('');
          }}
          code={code}
          onCodeChange={setCode}
          inputRef={codeRef}
          error={useBackupCode ? errors.backupCode : errors.totpCode}
        />
      )}

      {captchaNeeded && (
        <Captcha
          key={captchaKey}
          token={captchaToken}
          onToken={(token) => {
            setCaptchaToken(token);
            if (token) setCaptchaMissing(false);
          }}
          error={captchaMissing ? 'Complete the CAPTCHA, then submit again.' : undefined}
        />
      )}

      <SubmitButton
        pending={attempt.isPending}
        pendingLabel={step === 'credentials' ? 'Logging in…' : 'Verifying…'}
        className={`${primaryButtonClass} w-full`}
      >
        {step === 'credentials' ? 'Log in' : 'Verify and log in'}
      </SubmitButton>

      {step === 'secondFactor' && (
        <button type="button" onClick={startOver} className="w-full text-center text-sm font-semibold text-slate-600 hover:underline">
          Start over with a different account
        </button>
      )}
    </form>
  );
}
