import { useMutation } from '@tanstack/react-query';
import { resendVerificationEmail } from '../../api/auth';
import { FormAlert } from '../../components/form/FormAlert';
import { secondaryButtonClass } from '../../components/form/styles';
import { retryAfterMessage } from '../auth/retryAfter';
import { SuccessMessage } from './SuccessMessage';

/** Sends a new verification link to the user's address. */
export function ResendVerification({ email }: { email: string }) {
  const resend = useMutation({ mutationFn: resendVerificationEmail });
  return (
    <div className="space-y-3">
      <button
        type="button"
        onClick={() => resend.mutate()}
        disabled={resend.isPending}
        className={`${secondaryButtonClass} text-sm`}
      >
        {resend.isPending ? 'Sending…' : 'Resend verification email'}
      </button>
      {resend.isSuccess && <SuccessMessage>We sent a new verification link to {email}.</SuccessMessage>}
      {resend.isError && (
        <FormAlert error={resend.error}>
          {retryAfterMessage(resend.error) && <p className="mt-1">{retryAfterMessage(resend.error)}</p>}
        </FormAlert>
      )}
    </div>
  );
}
