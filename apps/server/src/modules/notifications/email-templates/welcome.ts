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

function Welcome({ name, token, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Confirm your email address to finish setting up your account.',
      heading: 'Welcome to InstaInstru',
      reason: 'You’re receiving this because this address was used to create an InstaInstru account.',
      category: 'account',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, 'Thanks for joining InstaInstru, where New Yorkers find, book and pay trusted local instructors. Please confirm your email address so we can reach you about your lessons.'),
    h(ActionButton, { href: links.verifyEmail(token), label: 'Verify my email' }),
    h(Paragraph, null, 'If you didn’t create an account, you can ignore this email.'),
  );
}

export const welcome: EmailTemplate<typeof schema> = {
  category: 'account',
  schema,
  subject: () => 'Welcome to InstaInstru: please verify your email',
  component: Welcome,
};
