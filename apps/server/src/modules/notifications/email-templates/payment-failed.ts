import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, InlineLink, Paragraph } from './parts.ts';
import { LessonFactsList, lessonFields, lessonUrl, payLessonUrl } from './booking-parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  ...lessonFields,
});

function PaymentFailed({ name, links, ...lesson }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: 'Your card was declined. Update it within 6 hours to keep your lesson.',
      heading: 'Your payment didn’t go through',
      reason: 'You’re receiving this because the card on a lesson you booked on InstaInstru was declined.',
      category: 'lesson_updates',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(
      Paragraph,
      null,
      `We couldn’t place the hold for your ${lesson.serviceName} lesson with ${lesson.otherName} on your card. Please choose another card on the lesson’s page: if the payment still fails 6 hours before the lesson, the lesson is cancelled.`,
    ),
    h(LessonFactsList, { lesson, withLabel: 'Instructor' }),
    // The lesson's page lets the student pick (or add) a card and pays the lesson at once: a card
    // added on the account page alone would not touch this booking.
    h(ActionButton, { href: payLessonUrl(links, lesson.lessonId), label: 'Pay for my lesson' }),
    h(Paragraph, null, 'Or open the lesson: ', h(InlineLink, { href: payLessonUrl(links, lesson.lessonId) }, lessonUrl(links, lesson.lessonId)), '.'),
  );
}

export const paymentFailed: EmailTemplate<typeof schema> = {
  category: 'lesson_updates',
  schema,
  subject: (data) => `Action needed: update your card for ${data.serviceName} on ${formatWhen(data.startsAt)}`,
  component: PaymentFailed,
};
