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
 * React's work. Together they were a third of a booking request's CPU (two emails per booking).
 */
const toPlainText = compile({ wordwrap: false, selectors: [...plainTextSelectors, { selector: 'h1', options: { uppercase: false } }] });

type AnyTemplate = EmailTemplate<z.ZodType<Record<string, unknown>, unknown>>;

function invalidData(name: string, problems: string[]): DomainError {
  // A programming error in the caller, not the user's input: hence internal (never a 4xx).
  return new DomainError('internal', `Email "${name}" was given invalid data: ${problems.join('; ')}`);
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
  // The signature ties `data` to `name`; past it, every template is handled alike.
  const template = EMAIL_TEMPLATES[name] as unknown as AnyTemplate;
  const parsed = template.schema.safeParse(data);
  if (!parsed.success) throw invalidData(name, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'data'} ${issue.message}`));

  const props = { ...parsed.data, links: emailLinks(context.publicUrl) } as TemplateProps<Record<string, unknown>> & Attributes;
  const element = createElement(template.component, props);
  const html = await render(element);
  const text = toPlainText(html);
  // A subject is a single header line: never let a line break (or a run of spaces) through.
  const subject = template.subject(parsed.data).replace(/\s+/g, ' ').trim();
  return { subject, html, text: text.trim() };
}
