import { primaryButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { CopyButton } from './CopyButton';
import { useFocusOnMount } from './useFocusOnMount';

/** Offers the codes as a text file. */
function download(codes: string[]) {
  const text = `InstaInstru backup codes\nEach code works once. Keep them somewhere safe.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'instainstru-backup-codes.txt';
  link.click();
  URL.revokeObjectURL(url);
}

interface BackupCodesProps {
  codes: string[];
  onDone: () => void;
}

/** The 10 single-use backup codes, shown once, with copy and download. */
export function BackupCodes({ codes, onDone }: BackupCodesProps) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="space-y-4">
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        Step 2 of 2: save your backup codes
      </h3>
      <p className="text-sm text-slate-700">
        Two-factor authentication is on. If you lose your phone, each of these codes lets you log in once.{' '}
        <strong>This is the only time we show them</strong> — store them in a password manager or print them.
      </p>
      <ul aria-label="Backup codes" className="grid max-w-md grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-slate-50 p-4">
        {codes.map((code) => (
          <li key={code} className="font-mono text-slate-900">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-3">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <button type="button" onClick={() => download(codes)} className={`${secondaryButtonClass} text-sm`}>
          Download codes
        </button>
        <button type="button" onClick={onDone} className={primaryButtonClass}>
          I saved them
        </button>
      </div>
    </div>
  );
}
