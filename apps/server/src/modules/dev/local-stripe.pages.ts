/**
 * The local Stripe's hosted pages (3-D Secure challenge, Express onboarding, Identity), as
 * plain server-rendered HTML: every value escaped, no script and no external asset (the app's
 * Content-Security-Policy allows neither inline scripts nor other origins), each choice a
 * `<form method="post">` button. Pure: values in, a document out.
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: #f6f9fc; color: #1a1f36; }
  main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(50,50,93,.12); }
  @media (max-width: 32rem) { main { margin: 0; border-radius: 0; min-height: 100vh; box-sizing: border-box; } }
  .badge { display: inline-block; font-size: .75rem; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; color: #8a6d00; background: #fff4cc; border-radius: 4px; padding: .1rem .4rem; }
  h1 { font-size: 1.35rem; margin: .75rem 0 .5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 1rem 0; }
  dt { color: #697386; } dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
  form { margin: .75rem 0 0; }
  button { width: 100%; padding: .7rem 1rem; font: inherit; font-weight: 600; border-radius: 8px; border: 1px solid #c7cdd8; background: #fff; color: #1a1f36; cursor: pointer; }
  button.primary { background: #635bff; border-color: #635bff; color: #fff; }
  button:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid #a5a1ff; outline-offset: 2px; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  select { width: 100%; padding: .5rem; font: inherit; border-radius: 8px; border: 1px solid #c7cdd8; margin-bottom: .5rem; }
  p.note { color: #697386; font-size: .875rem; }
  a { color: #635bff; }
`;

function documentOf(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Local Stripe</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<span class="badge">Local Stripe · test mode</span>
${body}
</main>
</body>
</html>
`;
}

function facts(rows: Array<[string, unknown]>): string {
  const items = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return `<dl>${items.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function hidden(name: string, value: string | null | undefined): string {
  return value ? `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">` : '';
}

function button(name: string, value: string, label: string, primary = false): string {
  return `<button type="submit" name="${escapeHtml(name)}" value="${escapeHtml(value)}"${primary ? ' class="primary"' : ''}>${escapeHtml(label)}</button>`;
}

/** A page that only says something (an unknown link, an intent not awaiting anything), with a way back when there is one. */
export function messagePage(title: string, message: string, backUrl?: string | null): string {
  const back = backUrl ? `<p><a href="${escapeHtml(backUrl)}">Return to the site</a></p>` : '';
  return documentOf(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${back}`);
}

export interface ThreeDSecureView {
  intentId: string;
  /** `SetupIntent` or `PaymentIntent`. */
  kind: 'setup_intent' | 'payment_intent';
  /** Cents, for a PaymentIntent. */
  amount?: number;
  currency?: string;
  card?: { brand: string; last4: string } | null;
  returnUrl: string | null;
  action: string;
}

export function threeDSecurePage(view: ThreeDSecureView): string {
  const purpose: [string, string] =
    view.amount !== undefined
      ? ['Amount', `${(view.amount / 100).toFixed(2)} ${String(view.currency ?? 'usd').toUpperCase()}`]
      : ['For', 'Saving the card for later payments'];
  const card = view.card ? `${view.card.brand} •••• ${view.card.last4}` : undefined;
  return documentOf(
    '3-D Secure authentication',
    `<h1>3-D Secure authentication</h1>
<p>Your bank asks you to confirm this ${view.kind === 'setup_intent' ? 'card' : 'payment'}. In test mode, choose the outcome.</p>
${facts([
  purpose,
  ['Card', card],
  ['Intent', view.intentId],
])}
<form method="post" action="${escapeHtml(view.action)}">
${hidden('return_url', view.returnUrl)}
${button('outcome', 'succeed', 'Complete authentication', true)}
</form>
<form method="post" action="${escapeHtml(view.action)}">
${hidden('return_url', view.returnUrl)}
${button('outcome', 'fail', 'Fail authentication')}
</form>`,
  );
}

export interface OnboardingView {
  linkId: string;
  account: string;
  type: string;
  email?: string | null;
  action: string;
}

export function onboardingPage(view: OnboardingView): string {
  return documentOf(
    'Set up payouts',
    `<h1>Set up payouts</h1>
<p>This stands in for Stripe's Express onboarding. Choose how the account ends up.</p>
${facts([
  ['Account', view.account],
  ['Email', view.email],
  ['Link', `${view.type} · ${view.linkId}`],
])}
<form method="post" action="${escapeHtml(view.action)}">
${button('outcome', 'complete', 'Complete with test data', true)}
</form>
<form method="post" action="${escapeHtml(view.action)}">
${button('outcome', 'requirements_due', 'Leave requirements due')}
</form>
<form method="post" action="${escapeHtml(view.action)}">
${button('outcome', 'pending_verification', 'Leave verification pending')}
</form>`,
  );
}

export interface IdentityView {
  sessionId: string;
  type: string;
  errorCodes: readonly string[];
  action: string;
}

export function identityPage(view: IdentityView): string {
  const options = view.errorCodes.map((code) => `<option value="${escapeHtml(code)}">${escapeHtml(code)}</option>`).join('');
  return documentOf(
    'Verify your identity',
    `<h1>Verify your identity</h1>
<p>This stands in for Stripe Identity's document check. Choose the result.</p>
${facts([
  ['Session', view.sessionId],
  ['Check', view.type],
])}
<form method="post" action="${escapeHtml(view.action)}">
${button('outcome', 'verified', 'Verify', true)}
</form>
<form method="post" action="${escapeHtml(view.action)}">
<label for="errorCode">Reason the check fails</label>
<select id="errorCode" name="errorCode">${options}</select>
${button('outcome', 'failed', 'Fail with this reason')}
</form>
<p class="note">A failed check returns the session to <code>requires_input</code> with this <code>last_error.code</code>.</p>`,
  );
}
