import type { ReactNode } from 'react';

interface AuthCardProps {
  /** The page's h1. */
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  /** Links under the card ("Already have an account? Log in"). */
  footer?: ReactNode;
}

/** The narrow centred card the sign-up, login and password pages share. */
export function AuthCard({ title, intro, children, footer }: AuthCardProps) {
  return (
    <div className="mx-auto w-full max-w-md">
      <title>{`${title} · InstaInstru`}</title>
      <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
        {intro && <div className="mt-2 text-slate-600">{intro}</div>}
        <div className="mt-6">{children}</div>
      </div>
      {footer && <div className="mt-6 text-center text-sm text-slate-600">{footer}</div>}
    </div>
  );
}
