import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { LessonFactsList, lessonFields, lessonUrl } from './booking-parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** Who reads it: the party that did not cancel (both, when an admin did). */
  role: z.enum(['student', 'instructor']),
  /** Who cancelled. */
  by: z.enum(['student', 'instructor', 'admin']),
  ...lessonFields,
  /** What happens to the money for this reader (from the cancellation's outcome). */
  summary: z.string().trim().min(1).max(1000),
});

const cancelledBy = (by: 'student' | 'instructor' | 'admin', otherName: string) => (by === 'admin' ? 'InstaInstru support' : otherName);

function BookingCancelled({ name, role, by, summary, links, ...lesson }: TemplateProps<z.output<typeof schema>>) {
  return h(
    EmailLayout,
    {
      preview: `${lesson.serviceName}, ${formatWhen(lesson.startsAt)}, was cancelled.`,
      heading: 'A lesson was cancelled',
      reason: 'You’re receiving this because a lesson you were part of on InstaInstru was cancelled.',
      category: 'lesson_updates',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(Paragraph, null, `${cancelledBy(by, lesson.otherName)} cancelled your ${lesson.serviceName} lesson. The time is free again.`),
    h(LessonFactsList, { lesson, withLabel: role === 'student' ? 'Instructor' : 'Student' }),
    h(Paragraph, null, summary),
    h(ActionButton, { href: lessonUrl(links, lesson.lessonId), label: 'View the lesson' }),
  );
}

export const bookingCancelled: EmailTemplate<typeof schema> = {
  category: 'lesson_updates',
  schema,
  subject: (data) => `Cancelled: ${data.serviceName} with ${data.otherName}, ${formatWhen(data.startsAt)}`,
  component: BookingCancelled,
};
