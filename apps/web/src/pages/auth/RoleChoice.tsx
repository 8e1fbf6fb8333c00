import type { Role } from '../../api/auth';

const ROLES: { value: Role; title: string; description: string }[] = [
  { value: 'student', title: 'I want to learn', description: 'Find and book lessons for yourself or your child.' },
  { value: 'instructor', title: 'I want to teach', description: 'Offer lessons and get paid through InstaInstru.' },
];

interface RoleChoiceProps {
  value: Role;
  onChange: (role: Role) => void;
  error?: string;
}

/** Student or instructor, as two large radio cards in one fieldset. */
export function RoleChoice({ value, onChange, error }: RoleChoiceProps) {
  return (
    <fieldset aria-describedby={error ? 'role-error' : undefined}>
      <legend className="text-sm font-semibold text-slate-800">Join as</legend>
      <div className="mt-1.5 grid gap-3 sm:grid-cols-2">
        {ROLES.map((role) => (
          <label
            key={role.value}
            className="flex cursor-pointer gap-3 rounded-xl border border-slate-300 bg-white p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 has-focus-visible:outline-2 has-focus-visible:outline-indigo-600"
          >
            <input
              type="radio"
              name="role"
              value={role.value}
              checked={value === role.value}
              onChange={() => onChange(role.value)}
              className="mt-1 accent-indigo-600"
            />
            <span>
              <span className="block font-semibold text-slate-900">
                {role.title} <span className="font-normal text-slate-600">({role.value})</span>
              </span>
              <span className="block text-sm text-slate-600">{role.description}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id="role-error" className="mt-1.5 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
