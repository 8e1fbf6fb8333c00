import { plainTextSelectors, render } from '@react-email/render';
import { compile } from 'html-to-text';
import { createElement, type Attributes } from 'react';
import type { z } from 'zod';
import { DomainError } from '../../../platform/errors.ts';
import { EMAIL_TEMPLATES, type EmailTemplateData, type EmailTemplateName } from './email-templates.ts';
import { emailLinks } from './links.ts';
import type { EmailTemplate, TemplateProps } from './template.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderContext {
  /** config.PUBLIC_URL: every link in an email is absolute. */
  publicUrl: string;
}

/**
 * HTML → plain text with @react-email/render's own selectors (what `render(…, { plainText: true })`
 * applies) and headings kept as written, compiled once: html-to-text's convert() compiles its
 * selectors again on every call, and rendering the element a second time for the text doubled
 * React's work. Together they were a third of a booking request's CPU (two emails per booking)
 * when emails were rendered as they were queued; the send job renders them now.
 */
const toPlainText = compile({ wordwrap: false, selectors: [...plainTextSelectors, { selector: 'h1', options: { uppercase: false } }] });

type AnyTemplate = EmailTemplate<z.ZodType<Record<string, unknown>, unknown>>;

function invalidData(name: string, problems: string[]): DomainError {
  // A programming error in the caller, not the user's input: hence internal (never a 4xx).
  return new DomainError('internal', `Email "${name}" was given invalid data: ${problems.join('; ')}`);
}

function templateNamed(name: string): AnyTemplate {
  // The signatures tie `data` to `name`; past them, every template is handled alike.
  if (!Object.hasOwn(EMAIL_TEMPLATES, name)) throw new DomainError('internal', `No email template is named "${name}"`);
  return EMAIL_TEMPLATES[name as EmailTemplateName] as unknown as AnyTemplate;
}

function parseWith(template: AnyTemplate, name: string, data: unknown): Record<string, unknown> {
  const parsed = template.schema.safeParse(data);
  if (!parsed.success) throw invalidData(name, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'data'} ${issue.message}`));
  return parsed.data;
}

/**
 * The data checked against the template's schema, without rendering (microseconds, where a
 * render takes milliseconds): what EmailService.queue stores, so a caller passing the wrong
 * shape fails its own transaction. The result is the parsed data (trimmed, unknown keys
 * dropped); stored as JSON, it parses again to the same thing when the send job renders it.
 */
export function parseEmailData<N extends EmailTemplateName>(name: N, data: EmailTemplateData[N]): Record<string, unknown> {
  return parseWith(templateNamed(name), name, data);
}

/**
 * One template → subject, HTML and plain text. The data is checked against the template's
 * schema first (types can be bypassed; a broken link must not be mailed). React escapes every
 * value put into the HTML, so names and other user input cannot inject markup; the text
 * version comes from the same render, so both always say the same thing.
 */
export async function renderEmail<N extends EmailTemplateName>(
  name: N,
  data: EmailTemplateData[N],
  context: RenderContext,
): Promise<RenderedEmail> {
  return renderStoredEmail(name, data, context);
}

/**
 * renderEmail for a stored message: its template name as the row holds it and its data read
 * back from JSON (dates as ISO strings), both checked here. Throws when the name is no template
 * or the data does not fit it: the send job then fails the message, since trying again cannot help.
 */
export async function renderStoredEmail(name: string, data: unknown, context: RenderContext): Promise<RenderedEmail> {
  const template = templateNamed(name);
  const parsed = parseWith(template, name, data);
  const props = { ...parsed, links: emailLinks(context.publicUrl) } as TemplateProps<Record<string, unknown>> & Attributes;
  const element = createElement(template.component, props);
  const html = await render(element);
  const text = toPlainText(html);
  // A subject is a single header line: never let a line break (or a run of spaces) through.
  const subject = template.subject(parsed).replace(/\s+/g, ' ').trim();
  return { subject, html, text: text.trim() };
}
