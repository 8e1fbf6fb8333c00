import { createElement as h } from 'react';
import { z } from 'zod';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** The email-verification token: the link is `${PUBLIC_URL}/verify-email?token=…`. */
  token: fields.token,
});

function VerifyEmail({ name, token, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Confirm this is your email address.',
      heading: 'Confirm your email address',
      reason: 'You’re receiving this because someone asked to verify this address for an InstaInstru account.',
      category: 'account',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, 'Please confirm that this is your email address.'),
    h(ActionButton, { href: links.verifyEmail(token), label: 'Verify my email' }),
    h(Paragraph, null, 'If you didn’t ask for this, you can ignore this email.'),
  );
}

export const verifyEmail: EmailTemplate<typeof schema> = {
  category: 'account',
  schema,
  subject: () => 'Verify your email address',
  component: VerifyEmail,
};
