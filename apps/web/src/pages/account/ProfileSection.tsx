import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { meQuery, updateProfile, type Me } from '../../api/account';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { updateSessionUser } from '../../auth/session';
import { FormAlert } from '../../components/form/FormAlert';
import { SubmitButton } from '../../components/form/SubmitButton';
import { TextField } from '../../components/form/TextField';
import { useFocusFirstInvalid } from '../../components/form/useFocusFirstInvalid';
import { ResendVerification } from './ResendVerification';
import { Section } from './Section';
import { StatusBadge } from './StatusBadge';
import { SuccessMessage } from './SuccessMessage';

/** Name (editable) and email with its verification state. */
export function ProfileSection({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(me.name);
  const save = useMutation({
    mutationFn: updateProfile,
    onSuccess: (updated) => {
      queryClient.setQueryData(meQuery.queryKey, updated);
      updateSessionUser({ name: updated.name });
    },
  });
  const errors = fieldErrorsOf(save.error);
  useFocusFirstInvalid(formRef, save.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(name.trim());
  }

  return (
    <Section id="profile" title="Profile">
      <div className="space-y-6">
        <div>
          <p className="text-sm font-semibold text-slate-800">Email</p>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-slate-900">
            {me.email}
            <StatusBadge ok={me.emailVerified}>{me.emailVerified ? 'Verified' : 'Not verified'}</StatusBadge>
          </p>
          {!me.emailVerified && (
            <div className="mt-3">
              <ResendVerification email={me.email} />
            </div>
          )}
        </div>

        <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-md space-y-4">
          {save.isError && <FormAlert error={save.error} fields={['name']} />}
          {save.isSuccess && <SuccessMessage>Your name was saved.</SuccessMessage>}
          <TextField
            label="Full name"
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (save.isSuccess) save.reset();
            }}
            error={errors.name}
          />
          <SubmitButton pending={save.isPending} pendingLabel="Saving…">
            Save name
          </SubmitButton>
        </form>
      </div>
    </Section>
  );
}
