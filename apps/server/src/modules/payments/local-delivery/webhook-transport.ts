/**
 * How a signed event leaves the local Stripe for our endpoint. By default over HTTP as Stripe
 * sends it (to PUBLIC_URL, so a developer sees the request in the logs and any proxy in front);
 * journeys, which have no listening socket, pass one that hands the request to `app.inject`.
 */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  /** The event's exact JSON: the signature covers these bytes. */
  body: string;
}

export type WebhookTransport = (request: WebhookRequest) => Promise<{ status: number }>;

/** Stripe gives an endpoint 30 seconds before it counts the attempt as failed. */
const TIMEOUT_MS = 30_000;

export const httpWebhookTransport: WebhookTransport = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // Only the status matters; the body is released so the connection can be reused.
  await response.body?.cancel();
  return { status: response.status };
};

/** The headers Stripe's webhook requests carry (the endpoint reads only the signature and type). */
export function stripeWebhookHeaders(signature: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    accept: '*/*; q=0.5, application/xml',
    'cache-control': 'no-cache',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'stripe-signature': signature,
  };
}
