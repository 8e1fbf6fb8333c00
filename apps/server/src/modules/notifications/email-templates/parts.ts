import { Button, Link, Section, Text } from '@react-email/components';
import { createElement as h, type ReactNode } from 'react';

const styles = {
  paragraph: { color: '#334155', fontSize: '15px', lineHeight: '24px', margin: '0 0 16px' },
  button: { backgroundColor: '#4f46e5', borderRadius: '8px', color: '#ffffff', fontSize: '15px', fontWeight: 600, padding: '12px 20px', textDecoration: 'none' },
  fallback: { color: '#64748b', fontSize: '13px', lineHeight: '20px', margin: '12px 0 0', wordBreak: 'break-all' },
  link: { color: '#4f46e5', textDecoration: 'underline' },
  label: { color: '#64748b', fontSize: '13px', margin: '0' },
  value: { color: '#0f172a', fontSize: '15px', margin: '0 0 12px' },
  facts: { backgroundColor: '#f8fafc', borderRadius: '8px', margin: '0 0 16px', padding: '16px 16px 4px' },
} as const;

/** React Email leaves elements carrying this attribute out of the plain-text version. */
const skipInText = { 'data-skip-in-text': 'true' } as Record<string, string>;

export function Paragraph({ children }: { children?: ReactNode }) {
  return h(Text, { style: styles.paragraph }, children);
}

export function InlineLink({ href, children }: { href: string; children?: ReactNode }) {
  return h(Link, { href, style: styles.link }, children);
}

/** The main call to action, with the address spelled out for clients that hide buttons. */
export function ActionButton({ href, label }: { href: string; label: string }) {
  return h(
    Section,
    { style: { margin: '8px 0 24px' } },
    h(Button, { href, style: styles.button }, label),
    // The plain-text version already prints the button's address; skip the repeat there.
    h(Text, { style: styles.fallback, ...skipInText }, 'Or open this link: ', h(Link, { href, style: styles.link }, href)),
  );
}

/** Labelled facts (when, device, IP…), one per line so the plain-text version stays readable. */
export function Facts({ items }: { items: ReadonlyArray<readonly [label: string, value: string]> }) {
  return h(
    Section,
    { style: styles.facts },
    ...items.map(([label, value]) => h(Section, { key: label }, h(Text, { style: styles.label }, label), h(Text, { style: styles.value }, value))),
  );
}
