/** The token Cloudflare's documented test keys accept; the API's fake verifier expects it too. */
export const TEST_CAPTCHA_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

interface FakeCaptchaProps {
  onToken: (token: string | null) => void;
  checked: boolean;
}

/**
 * Development and tests (captcha mode "fake"): no script, no network, clearly not a real
 * challenge. Ticking the box yields the test token.
 */
export function FakeCaptcha({ onToken, checked }: FakeCaptchaProps) {
  return (
    <div className="rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-3">
      <label className="flex items-center gap-3 font-medium text-slate-900">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onToken(e.target.checked ? TEST_CAPTCHA_TOKEN : null)}
          className="h-5 w-5 accent-indigo-600"
        />
        I&apos;m not a robot (test CAPTCHA)
      </label>
      <p className="mt-1 text-xs text-amber-900">Test mode: this stands in for Cloudflare Turnstile. No real check is made.</p>
    </div>
  );
}
