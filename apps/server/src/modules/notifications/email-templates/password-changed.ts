import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** When the password was changed. */
  at: fields.instant,
});

function PasswordChanged({ name, at, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Your password was changed. If this wasn’t you, reset it now.',
      heading: 'Your password was changed',
      reason: 'You’re receiving this because the password of your InstaInstru account was changed.',
      category: 'security',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, `The password of your InstaInstru account was changed on ${formatWhen(at)}. If that was you, there’s nothing else to do.`),
    h(Paragraph, null, 'Not you? Reset your password right away to lock out whoever changed it:'),
    h(ActionButton, { href: links.forgotPassword, label: 'Reset my password' }),
  );
}

export const passwordChanged: EmailTemplate<typeof schema> = {
  category: 'security',
  schema,
  subject: () => 'Your InstaInstru password was changed',
  component: PasswordChanged,
};
