import type { ReactElement } from 'react';
import { z } from 'zod';
import type { EmailCategory } from './layout.ts';
import type { EmailLinks } from './links.ts';

/** What every template component receives: its (parsed) data, plus links built from PUBLIC_URL. */
export type TemplateProps<Data> = Data & { links: EmailLinks };

/**
 * One email: the data it needs (checked when it is queued, so a caller passing the wrong
 * shape fails its transaction instead of mailing a broken link, and again when the send job
 * renders it), its subject and its body.
 */
export interface EmailTemplate<Schema extends z.ZodType<object>> {
  /** Decides whether preferences may silence it (security mail is always sent). */
  category: EmailCategory;
  schema: Schema;
  /** Plain text; renderEmail folds it onto one line. */
  subject(data: z.output<Schema>): string;
  component(props: TemplateProps<z.output<Schema>>): ReactElement;
}

/** Shared field schemas. */
export const fields = {
  name: z.string().trim().min(1).max(200),
  /** A single-use token from an emailed link; the template builds the link from PUBLIC_URL. */
  token: z.string().min(1).max(512),
  /**
   * A moment (from the injected clock). Also an ISO date-time string: a queued message's data is
   * stored as JSON and rendered later by the send job, so a Date comes back as its ISO string.
   */
  instant: z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))]),
};
