import { createElement as h } from 'react';
import { z } from 'zod';
import { describeDevice } from '../../../platform/user-agent.ts';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Facts, InlineLink, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** When the login happened. */
  at: fields.instant,
  /** The login request's User-Agent header; the email shows an approximate device. */
  userAgent: z.string().max(2000),
  ip: z.string().max(64),
});

function NewDeviceLogin({ name, at, userAgent, ip, links }: TemplateProps<z.output<typeof schema>>) {
  const device = describeDevice(userAgent);
  return h(
    EmailLayout,
    {
      preview: `New login from ${device}. Was this you?`,
      heading: 'New login to your account',
      reason: 'You’re receiving this because your InstaInstru account was used from a device we hadn’t seen before.',
      category: 'security',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, 'Your InstaInstru account was just used to log in from a new device:'),
    h(Facts, {
      items: [
        ['When', formatWhen(at)],
        ['Device (approximate)', device],
        ['IP address', ip || 'unknown'],
      ],
    }),
    h(Paragraph, null, 'If this was you, there’s nothing else to do.'),
    h(Paragraph, null, 'Not you? Reset your password now. You can also ', h(InlineLink, { href: links.accountSessions }, 'review your active sessions'), '.'),
    h(ActionButton, { href: links.forgotPassword, label: 'Reset my password' }),
  );
}

export const newDeviceLogin: EmailTemplate<typeof schema> = {
  category: 'security',
  schema,
  subject: () => 'New login to your InstaInstru account',
  component: NewDeviceLogin,
};
