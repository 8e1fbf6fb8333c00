import { useState } from 'react';
import { secondaryButtonClass } from '../../components/form/styles';

/** Copies text to the clipboard and says so (politely announced). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" onClick={() => void copy()} className={`${secondaryButtonClass} shrink-0 text-sm`}>
        {label}
      </button>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Could not copy; select the text instead.' : ''}
      </span>
    </>
  );
}
