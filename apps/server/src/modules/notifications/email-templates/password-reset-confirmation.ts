import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** When the password was reset. */
  at: fields.instant,
});

function PasswordResetConfirmation({ name, at, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Your password was reset. If this wasn’t you, act now.',
      heading: 'Your password was reset',
      reason: 'You’re receiving this because the password of your InstaInstru account was reset.',
      category: 'security',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, `The password of your InstaInstru account was reset on ${formatWhen(at)}. You can now log in with your new password.`),
    h(Paragraph, null, 'Not you? Someone may have access to your email. Secure your email account, then reset your password again:'),
    h(ActionButton, { href: links.forgotPassword, label: 'Reset my password' }),
  );
}

export const passwordResetConfirmation: EmailTemplate<typeof schema> = {
  category: 'security',
  schema,
  subject: () => 'Your InstaInstru password was reset',
  component: PasswordResetConfirmation,
};
