import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  serviceName: z.string().trim().min(1).max(200),
  instructorName: fields.name,
  /** The lesson's start. */
  startsAt: fields.instant,
  /** When the unpaid lesson is cancelled (T-6 h). */
  cancelsAt: fields.instant,
});

/** The T-12 h notice of the payment timeline (PRODUCT.md §6): the card keeps failing, the lesson is cancelled at T-6 h unless it is replaced. */
function PaymentFailed({ name, serviceName, instructorName, startsAt, cancelsAt, links }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'We could not authorize your card for your upcoming lesson. Update it to keep the lesson.',
      heading: 'Your card could not be charged',
      reason: 'You’re receiving this because a lesson you booked on InstaInstru has not been paid.',
      category: 'lesson_updates',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, `We tried several times to authorize your card for your ${serviceName} lesson with ${instructorName} on ${formatWhen(startsAt)}, and it was refused.`),
    h(Paragraph, null, `Please update your card before ${formatWhen(cancelsAt)}; otherwise the lesson will be cancelled and the time released.`),
    h(ActionButton, { href: links.accountPaymentMethods, label: 'Update my card' }),
  );
}

export const paymentFailed: EmailTemplate<typeof schema> = {
  category: 'lesson_updates',
  schema,
  subject: (data) => `Action needed: update your card for your ${data.serviceName} lesson`,
  component: PaymentFailed,
};
