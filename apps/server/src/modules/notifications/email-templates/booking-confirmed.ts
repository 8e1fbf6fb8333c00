import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import { EmailLayout } from './layout.ts';
import { ActionButton, Paragraph } from './parts.ts';
import { LessonFactsList, lessonFields, lessonUrl } from './booking-parts.ts';
import { fields, type EmailTemplate, type TemplateProps } from './template.ts';

const schema = z.object({
  name: fields.name,
  /** Who reads it: the student who booked, or the instructor booked. */
  role: z.enum(['student', 'instructor']),
  ...lessonFields,
  /** Where, as this reader may see it ("Online", the studio, the student's address). */
  where: z.string().max(300).nullable(),
});

function BookingConfirmed({ name, role, where, links, ...lesson }: TemplateProps<z.output<typeof schema>>) {
  const asStudent = role === 'student';
  return h(
    EmailLayout,
    {
      preview: `${lesson.serviceName}, ${formatWhen(lesson.startsAt)}`,
      heading: asStudent ? 'Your lesson is booked' : 'You have a new lesson',
      reason: asStudent ? 'You’re receiving this because you booked a lesson on InstaInstru.' : 'You’re receiving this because a student booked a lesson with you on InstaInstru.',
      category: 'lesson_updates',
      links,
    },
    h(Paragraph, null, `Hi ${name},`),
    h(
      Paragraph,
      null,
      asStudent
        ? `Your ${lesson.serviceName} lesson with ${lesson.otherName} is confirmed. Your card is charged only after the lesson; we place a hold on it 24 hours before.`
        : `${lesson.otherName} booked a ${lesson.serviceName} lesson with you. It is confirmed and in your calendar.`,
    ),
    h(LessonFactsList, { lesson, withLabel: asStudent ? 'Instructor' : 'Student', where }),
    h(ActionButton, { href: lessonUrl(links, lesson.lessonId), label: 'View the lesson' }),
    h(Paragraph, null, 'You can reschedule or cancel from the lesson’s page.'),
  );
}

export const bookingConfirmed: EmailTemplate<typeof schema> = {
  category: 'lesson_updates',
  schema,
  subject: (data) => (data.role === 'student' ? `Booked: ${data.serviceName} with ${data.otherName}, ${formatWhen(data.startsAt)}` : `New lesson: ${data.serviceName} with ${data.otherName}, ${formatWhen(data.startsAt)}`),
  component: BookingConfirmed,
};
