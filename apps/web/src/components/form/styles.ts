/** Shared Tailwind classes for form controls and buttons. */
export function inputClass(invalid: boolean): string {
  return [
    'block w-full min-w-0 rounded-lg border bg-white px-3 py-2 text-slate-900 shadow-sm placeholder:text-slate-400',
    'focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none',
    invalid ? 'border-red-500' : 'border-slate-300',
  ].join(' ');
}

export const primaryButtonClass =
  'inline-flex items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:cursor-wait disabled:opacity-70';

export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:bg-slate-50 disabled:cursor-wait disabled:opacity-70';

export const dangerButtonClass =
  'inline-flex items-center justify-center rounded-lg border border-red-300 bg-white px-4 py-2 font-semibold text-red-700 shadow-sm hover:bg-red-50 disabled:cursor-wait disabled:opacity-70';

export const linkClass = 'rounded font-semibold text-indigo-700 underline-offset-4 hover:text-indigo-900 hover:underline';
