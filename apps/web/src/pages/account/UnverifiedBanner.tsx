/** Reminds a user with an unverified email to open the link we sent. */
export function UnverifiedBanner({ email }: { email: string }) {
  return (
    <div className="rounded-2xl border border-amber-300 bg-amber-50 px-5 py-4 text-amber-950">
      <p className="font-semibold">Please verify your email address</p>
      <p className="mt-1 text-sm">
        We sent a link to <strong>{email}</strong>. Open it to confirm the address is yours — until then we can’t send
        you booking updates by email.{' '}
        <a href="#profile" className="font-semibold underline underline-offset-4">
          Didn’t get it? Resend it
        </a>
      </p>
    </div>
  );
}
