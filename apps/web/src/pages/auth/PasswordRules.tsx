import { passwordRules } from './passwordRules';

/** The visible password checklist; ticks rules off as the user types. */
export function PasswordRules({ password, email }: { password: string; email?: string }) {
  return (
    <ul className="space-y-0.5 text-sm">
      {passwordRules(password, email).map((rule) => (
        <li key={rule.label} className={rule.met ? 'text-emerald-700' : 'text-slate-600'}>
          <span aria-hidden="true" className="inline-block w-5">
            {rule.met ? '✓' : '•'}
          </span>
          {rule.label}
          {rule.met !== undefined && <span className="sr-only">{rule.met ? ' (met)' : ' (not met yet)'}</span>}
        </li>
      ))}
    </ul>
  );
}
