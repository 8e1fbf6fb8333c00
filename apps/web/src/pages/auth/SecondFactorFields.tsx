import type { Ref } from 'react';
import { TextField } from '../../components/form/TextField';

interface SecondFactorFieldsProps {
  useBackupCode: boolean;
  onToggle: () => void;
  code: string;
  onCodeChange: (code: string) => void;
  inputRef: Ref<HTMLInputElement>;
  error?: string;
}

/** Login step two: the authenticator code, or a backup code instead. */
export function SecondFactorFields({ useBackupCode, onToggle, code, onCodeChange, inputRef, error }: SecondFactorFieldsProps) {
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Two-factor authentication</h2>
        <p className="mt-1 text-sm text-slate-600">
          {useBackupCode
            ? 'Enter one of the backup codes you saved when you turned on two-factor authentication. Each code works once.'
            : 'Open your authenticator app and enter the 6-digit code it shows for InstaInstru.'}
        </p>
      </div>
      {useBackupCode ? (
        <TextField
          key="backup"
          ref={inputRef}
          label="Backup code"
          name="backupCode"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="xxxx-xxxx"
          required
          value={code}
          onChange={(e) => onCodeChange(e.target.value)}
          error={error}
        />
      ) : (
        <TextField
          key="totp"
          ref={inputRef}
          label="Authentication code"
          name="totpCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          placeholder="123456"
          required
          value={code}
          onChange={(e) => onCodeChange(e.target.value.replace(/\D/g, ''))}
          error={error}
        />
      )}
      <button type="button" onClick={onToggle} className="text-sm font-semibold text-indigo-700 hover:underline">
        {useBackupCode ? 'Use your authenticator app instead' : 'Use a backup code instead'}
      </button>
    </div>
  );
}
