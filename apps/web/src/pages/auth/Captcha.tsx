import { useQuery } from '@tanstack/react-query';
import { authConfigQuery } from '../../api/auth';
import { FakeCaptcha } from './FakeCaptcha';
import { TurnstileWidget } from './TurnstileWidget';

interface CaptchaProps {
  token: string | null;
  onToken: (token: string | null) => void;
  /** Shown under the challenge (e.g. "Complete the CAPTCHA first"). */
  error?: string;
}

/** The CAPTCHA the server asked for, as configured by `GET /auth/config`. */
export function Captcha({ token, onToken, error }: CaptchaProps) {
  const config = useQuery(authConfigQuery);

  return (
    <div role="group" aria-label="CAPTCHA" aria-describedby={error ? 'captcha-error' : undefined}>
      {config.isPending ? (
        <p role="status" className="text-sm text-slate-600">
          Loading the CAPTCHA…
        </p>
      ) : config.isError || !config.data.captcha ? (
        <p role="alert" className="text-sm text-red-700">
          The CAPTCHA is unavailable right now. Please try again in a few minutes.
        </p>
      ) : config.data.captcha.mode === 'fake' ? (
        <FakeCaptcha checked={token !== null} onToken={onToken} />
      ) : (
        <TurnstileWidget siteKey={config.data.captcha.siteKey} onToken={onToken} />
      )}
      {error && (
        <p id="captcha-error" role="alert" className="mt-1.5 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
