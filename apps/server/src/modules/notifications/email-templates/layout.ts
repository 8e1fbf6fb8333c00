import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { createElement as h, type ReactNode } from 'react';
import type { EmailLinks } from './links.ts';

/**
 * Written with createElement rather than JSX so the server needs no JSX build setting; each
 * component is still a typed React (Email) component.
 */

/** Matches the notification preference categories (PRODUCT.md §9); security mail is always sent. */
export type EmailCategory = 'security' | 'account' | 'lesson_updates' | 'messages' | 'reminders' | 'promotions';

export interface EmailLayoutProps {
  /** The line inbox lists show after the subject. */
  preview: string;
  heading: string;
  /** Why this person gets this email, shown in the footer ("You're receiving this because…"). */
  reason: string;
  category: EmailCategory;
  links: EmailLinks;
  children?: ReactNode;
}

const colors = { brand: '#4f46e5', ink: '#0f172a', muted: '#475569', faint: '#64748b', line: '#e2e8f0', page: '#f8fafc' };

const styles = {
  body: { backgroundColor: colors.page, fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif', margin: 0, padding: '24px 0' },
  container: { backgroundColor: '#ffffff', border: `1px solid ${colors.line}`, borderRadius: '12px', maxWidth: '560px', padding: '32px' },
  brand: { color: colors.brand, fontSize: '22px', fontWeight: 800, letterSpacing: '-0.02em', margin: 0, textDecoration: 'none' },
  heading: { color: colors.ink, fontSize: '22px', fontWeight: 700, lineHeight: '30px', margin: '24px 0 8px' },
  footer: { color: colors.faint, fontSize: '12px', lineHeight: '18px', margin: '4px 0' },
  footerLink: { color: colors.faint, textDecoration: 'underline' },
} as const;

export function EmailLayout({ preview, heading, reason, category, links, children }: EmailLayoutProps) {
  return h(
    Html,
    { lang: 'en' },
    h(Head),
    h(Preview, null, preview),
    h(
      Body,
      { style: styles.body },
      h(
        Container,
        { style: styles.container },
        h(Section, null, h(Link, { href: links.home, style: styles.brand }, 'InstaInstru')),
        h(Heading, { as: 'h1', style: styles.heading }, heading),
        children,
        h(Hr, { style: { borderColor: colors.line, margin: '32px 0 16px' } }),
        h(Text, { style: styles.footer }, reason),
        category === 'security'
          ? h(Text, { style: styles.footer }, 'This is a security notice about your account. Security notices are always sent and cannot be turned off.')
          : null,
        h(
          Text,
          { style: styles.footer },
          'InstaInstru · Lessons with trusted local instructors · New York, NY · ',
          h(Link, { href: links.home, style: styles.footerLink }, links.home.replace(/^https?:\/\//, '').replace(/\/$/, '')),
        ),
      ),
    ),
  );
}
