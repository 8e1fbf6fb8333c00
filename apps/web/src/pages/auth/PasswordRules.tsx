import { CheckIcon } from '../../components/icons/icons';
import { passwordRules } from './passwordRules';

/** The visible password checklist; ticks rules off as the user types. */
export function PasswordRules({ password, email }: { password: string; email?: string }) {
  return (
    <ul className="space-y-0.5 text-sm">
      {passwordRules(password, email).map((rule) => (
        <li key={rule.label} className={rule.met ? 'text-emerald-700' : 'text-slate-600'}>
          <span aria-hidden="true" className="inline-flex w-5 justify-center align-[-0.125em]">
            {rule.met ? <CheckIcon className="h-4 w-4" /> : <span className="mt-1.5 h-1.5 w-1.5 rounded-full bg-current" />}
          </span>
          {rule.label}
          {rule.met !== undefined && <span className="sr-only">{rule.met ? ' (met)' : ' (not met yet)'}</span>}
        </li>
      ))}
    </ul>
  );
}
