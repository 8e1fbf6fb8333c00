import { createElement as h } from 'react';
import { z } from 'zod';
import { formatWhen } from './format.ts';
import type { EmailLinks } from './links.ts';
import { Facts } from './parts.ts';
import { fields } from './template.ts';

/**
 * What every booking email says about the lesson, and its links into the web app. The links
 * are built from `links.home` (PUBLIC_URL) so emails stay absolute like the account ones.
 */
export const lessonFields = {
  /** The booking's id: the lesson's page is `${PUBLIC_URL}/lessons/{id}`. */
  lessonId: z.string().min(1).max(40),
  serviceName: fields.name,
  /** The other party, as this reader knows them (display name or name). */
  otherName: fields.name,
  startsAt: fields.instant,
  durationMinutes: z.number().int().min(15).max(240),
};

export type LessonFacts = { serviceName: string; otherName: string; startsAt: Date; durationMinutes: number };

export function lessonUrl(links: EmailLinks, lessonId: string): string {
  return `${links.home}lessons/${encodeURIComponent(lessonId)}`;
}

/** The lesson's page opened on its payment (`?pay=1`): where a declined card is replaced for this lesson. */
export function payLessonUrl(links: EmailLinks, lessonId: string): string {
  return `${lessonUrl(links, lessonId)}?pay=1`;
}

export function paymentMethodsUrl(links: EmailLinks): string {
  return `${links.home}account/payment-methods`;
}

/** The lesson's facts: the time in New York (where lessons happen), its length, who and where. */
export function LessonFactsList({ lesson, withLabel, where }: { lesson: LessonFacts; withLabel: string; where?: string | null | undefined }) {
  const items: Array<readonly [string, string]> = [
    ['Lesson', lesson.serviceName],
    [withLabel, lesson.otherName],
    ['When', formatWhen(lesson.startsAt)],
    ['Length', `${lesson.durationMinutes} minutes`],
  ];
  if (where) items.push(['Where', where]);
  return h(Facts, { items });
}
