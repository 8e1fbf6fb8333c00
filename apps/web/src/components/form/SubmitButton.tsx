import type { ReactNode } from 'react';
import { primaryButtonClass } from './styles';

interface SubmitButtonProps {
  pending: boolean;
  children: ReactNode;
  /** What the button says while the request runs, e.g. "Logging in…". */
  pendingLabel: string;
  className?: string;
}

/** A form's submit button, disabled with a progress label while its request runs. */
export function SubmitButton({ pending, children, pendingLabel, className = primaryButtonClass }: SubmitButtonProps) {
  return (
    <button type="submit" disabled={pending} aria-busy={pending || undefined} className={className}>
      {pending ? pendingLabel : children}
    </button>
  );
}
