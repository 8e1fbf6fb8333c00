import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { fieldMessage } from '../../api/fieldErrors';
import { inputClass } from './styles';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** Shown under the label; read with the input by screen readers. */
  hint?: ReactNode;
  /** The server's (or the form's) message for this field, shown right under the input. */
  error?: string;
  /** Something to place beside the input, e.g. a show-password button. */
  addon?: ReactNode;
  /** Extra classes for the input itself (`className` styles the wrapper). */
  inputClassName?: string;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and error message bound to it (aria-describedby). */
export function TextField({ label, hint, error, addon, className, inputClassName, ref, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      {hint && (
        <div id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </div>
      )}
      <div className="mt-1.5 flex gap-2">
        <input
          ref={ref}
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${inputClass(Boolean(error))} ${inputClassName ?? ''}`}
          {...input}
        />
        {addon}
      </div>
      {error && (
        <p id={errorId} className="mt-1.5 text-sm font-medium text-red-700">
          {fieldMessage(label, error)}
        </p>
      )}
    </div>
  );
}
