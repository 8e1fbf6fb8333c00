import { createElement as h } from 'react';
import { z } from 'zod';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** The single-use reset token, valid for 1 hour (PRODUCT.md §1): `${PUBLIC_URL}/reset-password?token=…`. */
  token: fields.token,
});

function PasswordReset({ name, token, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Choose a new password. The link works once, within the next hour.',
      heading: 'Reset your password',
      reason: 'You’re receiving this because someone asked to reset the password of the InstaInstru account for this address.',
      category: 'account',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, 'We received a request to reset your password. Choose a new one here:'),
    h(ActionButton, { href: links.resetPassword(token), label: 'Choose a new password' }),
    h(Paragraph, null, 'This link is valid for 1 hour and can be used only once.'),
    h(Paragraph, null, 'If you didn’t ask to reset your password, ignore this email: your password stays the same.'),
  );
}

export const passwordReset: EmailTemplate<typeof schema> = {
  category: 'account',
  schema,
  subject: () => 'Reset your InstaInstru password',
  component: PasswordReset,
};
