import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { LessonFactsList, lessonFields, lessonUrl } from './booking-parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** Who reads it: the party that cancelled. */
  role: z.enum(['student', 'instructor']),
  ...lessonFields,
  /** What happens to the money (the preview they accepted). */
  summary: z.string().trim().min(1).max(1000),
});

function BookingCancellationConfirmation({ name, role, summary, links, ...lesson }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: `You cancelled ${lesson.serviceName}, ${formatWhen(lesson.startsAt)}.`,
      heading: 'Your cancellation is done',
      reason: 'You’re receiving this because you cancelled a lesson on InstaInstru.',
      category: 'lesson_updates',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, `You cancelled your ${lesson.serviceName} lesson with ${lesson.otherName}; we let ${lesson.otherName} know.`),
    h(LessonFactsList, { lesson, withLabel: role === 'student' ? 'Instructor' : 'Student' }),
    h(Paragraph, null, summary),
    h(ActionButton, { href: lessonUrl(links, lesson.lessonId), label: 'View the lesson' }),
  );
}

export const bookingCancellationConfirmation: EmailTemplate<typeof schema> = {
  category: 'lesson_updates',
  schema,
  subject: (data) => `You cancelled: ${data.serviceName} with ${data.otherName}, ${formatWhen(data.startsAt)}`,
  component: BookingCancellationConfirmation,
};
