import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, InlineLink, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** True when two-factor authentication was turned on, false when it was turned off. */
  enabled: z.boolean(),
  /** When it changed. */
  at: fields.instant,
});

function TwoFactorChanged({ name, enabled, at, links }: TemplateProps<z.output<typeof schema>>) {
  const state = enabled ? 'turned on' : 'turned off';
  return h(
    EmailLayout,
    {
      preview: `Two-factor authentication was ${state} for your account.`,
      heading: `Two-factor authentication was ${state}`,
      reason: 'You’re receiving this because the two-factor authentication settings of your InstaInstru account changed.',
      category: 'security',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(
      Paragraph,
      null,
      enabled
        ? `Two-factor authentication was turned on for your InstaInstru account on ${formatWhen(at)}. From now on, logging in needs a code from your authenticator app (or one of your backup codes). Keep your backup codes somewhere safe.`
        : `Two-factor authentication was turned off for your InstaInstru account on ${formatWhen(at)}. Your account is now protected by your password alone.`,
    ),
    h(Paragraph, null, 'You can review your two-factor settings ', h(InlineLink, { href: links.accountTwoFactor }, 'in your account'), '.'),
    h(Paragraph, null, 'Not you? Reset your password now, then check your two-factor settings:'),
    h(ActionButton, { href: links.forgotPassword, label: 'Reset my password' }),
  );
}

export const twoFactorChanged: EmailTemplate<typeof schema> = {
  category: 'security',
  schema,
  subject: ({ enabled }) => (enabled ? 'Two-factor authentication is now on' : 'Two-factor authentication was turned off'),
  component: TwoFactorChanged,
};
