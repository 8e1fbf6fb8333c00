import { Link } from 'react-router';
import { CheckIcon } from '../../components/icons/icons';
import type { OwnProfile } from './api';
import { SETUP_STEPS, setupPath, type SetupStep } from './setupSteps';

/** The wizard's steps as a numbered list: done ones ticked, the current one marked for screen readers too. */
export function StepProgress({ current, profile }: { current: SetupStep; profile: OwnProfile }) {
  const complete = new Set(profile.checklist.filter((c) => c.status === 'complete').map((c) => c.item));
  return (
    <nav aria-label="Setup steps">
      <ol className="grid gap-2 sm:grid-cols-5">
        {SETUP_STEPS.map((step, index) => {
          const isCurrent = step.slug === current.slug;
          const done = step.item !== null ? complete.has(step.item) : profile.status === 'published';
          return (
            <li key={step.slug}>
              <Link
                to={setupPath(step.slug)}
                aria-current={isCurrent ? 'step' : undefined}
                className={`flex items-center gap-2 rounded-lg border px-3 py-2 text-sm font-medium ${
                  isCurrent ? 'border-indigo-500 bg-indigo-50 text-indigo-900' : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50'
                }`}
              >
                <span
                  aria-hidden="true"
                  className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
                    done ? 'bg-green-600 text-white' : isCurrent ? 'bg-indigo-600 text-white' : 'bg-slate-200 text-slate-700'
                  }`}
                >
                  {done ? <CheckIcon className="h-4 w-4" /> : index + 1}
                </span>
                <span>
                  {step.label}
                  {done && <span className="sr-only"> (done)</span>}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
