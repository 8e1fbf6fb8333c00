import { describe, expect, it } from 'vitest';
import { escapeHtml, identityPage, messagePage, threeDSecurePage } from './local-stripe.pages.ts';
import { safeReturnUrl } from './local-stripe.routes.ts';

describe("the local Stripe's hosted pages", () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });

  it('renders no script and carries the return URL escaped in the forms', () => {
    const html = threeDSecurePage({
      intentId: 'seti_1',
      kind: 'setup_intent',
      card: { brand: 'Visa', last4: '3155' },
      returnUrl: 'http://localhost:3000/x?a="><script>',
      action: '/api/v1/dev/stripe/3ds/seti_1',
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('value="http://localhost:3000/x?a=&quot;&gt;&lt;script&gt;"');
    expect(html.match(/<form method="post"/g)).toHaveLength(2);
    expect(messagePage('<b>', '<i>', 'javascript:x')).not.toContain('<b>');
  });

  it('offers every identity error code', () => {
    const html = identityPage({ sessionId: 'vs_1', type: 'document', errorCodes: ['document_expired', 'selfie_face_mismatch'], action: '/x' });
    expect(html).toContain('<option value="document_expired">');
    expect(html).toContain('<option value="selfie_face_mismatch">');
  });

  it('follows only absolute http(s) return URLs', () => {
    expect(safeReturnUrl('http://localhost:3000/a?b=1')?.toString()).toBe('http://localhost:3000/a?b=1');
    expect(safeReturnUrl('https://instainstru.example/x')).not.toBeNull();
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '/relative', '', null, undefined, 'not a url']) expect(safeReturnUrl(bad)).toBeNull();
  });
});
